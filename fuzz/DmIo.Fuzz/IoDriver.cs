using System.Globalization;

namespace DmIo.Fuzz;

/// <summary>
/// Drives dm-io requests from short text lines (<c>write 0 8</c>, <c>async-read 16 8</c>, <c>flush</c>,
/// <c>advance 5</c>) on a simulated scheduler, and checks dm-io's completion contract on every one: a sync request
/// returns 0 or -EIO with error bits only for its regions (none when 0), an async one returns 0 and is notified
/// exactly once, no bio is lost (no stall), nothing throws, and once idle every io and bio is back in its pool.
/// The harness only builds valid requests (sectors and counts in range), so any exception is a finding.
/// </summary>
public sealed class IoDriver : IDisposable
{
    /// <summary>Counts above this are cut to it (the harness's buffer budget for these targets: 1 MiB).</summary>
    public const long MaxCount = 2048;

    /// <summary>Sectors above this are cut to it (still far past the end of every device the targets build).</summary>
    public const long MaxSector = 1L << 40;

    /// <summary>A virtual-time advance above this many milliseconds is cut to it (one day).</summary>
    public const long MaxAdvanceMs = 86_400_000;

    private readonly SimulatedScheduler _scheduler;                 // the targets' clock
    private readonly DmIoClient _client;                             // the request API's client
    private readonly List<(string What, int Calls)> _async = [];    // notify calls per async request
    private readonly Func<string, IBlockDevice?> _device;           // resolves device names in lines
    private byte _pattern;                                           // varies write payloads
    private string? _badBits;                                        // the first notify with bits outside its regions

    /// <summary>Creates a driver.</summary>
    /// <param name="scheduler">The scheduler the devices complete on.</param>
    /// <param name="device">Resolves a device name, or null for an unknown one.</param>
    public IoDriver(SimulatedScheduler scheduler, Func<string, IBlockDevice?> device)
    {
        _scheduler = scheduler;
        _device = device;
        _client = DmIoClient.Create(pages: 1, scheduler);
    }

    /// <summary>
    /// Runs one line: <c>[async-]read|write|fua|preflush|discard|zeroes &lt;device&gt; &lt;sector&gt; &lt;count&gt;</c>,
    /// <c>mirror &lt;device&gt; &lt;device&gt; &lt;sector&gt; &lt;count&gt;</c> (one write to both), <c>flush &lt;device&gt;</c> or
    /// <c>advance &lt;ms&gt;</c>. Lines that are not in this little language are ignored (they are the harness's, not the product's).
    /// </summary>
    /// <param name="words">The line's words.</param>
    /// <returns>True when the line was a request or an advance.</returns>
    public bool Run(IReadOnlyList<string> words)
    {
        if (words.Count == 2 && words[0] == "advance" && Number(words[1]) is { } ms)
        {
            _scheduler.AdvanceBy(Math.Min(ms, MaxAdvanceMs) * 1_000_000);
            return true;
        }

        if (words.Count == 2 && words[0] == "flush" && _device(words[1]) is { } flushed)
        {
            Request($"flush {words[1]}", BioOperation.Write, BioFlags.Preflush, [new IoRegion(flushed, 0, 0)], async: false);
            return true;
        }

        if (words.Count == 5 && words[0] == "mirror" && _device(words[1]) is { } left && _device(words[2]) is { } right &&
            Number(words[3]) is { } s && Number(words[4]) is { } c)
        {
            (long sector, long count) = Clamp(s, c);
            Request(string.Join(' ', words), BioOperation.Write, BioFlags.None, [new IoRegion(left, sector, count), new IoRegion(right, sector, count)], async: false);
            return true;
        }

        if (words.Count != 4 || _device(words[1]) is not { } device || Number(words[2]) is not { } s2 || Number(words[3]) is not { } c2)
        {
            return false;
        }

        bool isAsync = words[0].StartsWith("async-", StringComparison.Ordinal);
        (BioOperation op, BioFlags flags)? kind = (isAsync ? words[0]["async-".Length..] : words[0]) switch
        {
            "read" => (BioOperation.Read, BioFlags.None),
            "write" => (BioOperation.Write, BioFlags.None),
            "fua" => (BioOperation.Write, BioFlags.Fua),
            "preflush" => (BioOperation.Write, BioFlags.Preflush | BioFlags.Fua),
            "discard" => (BioOperation.Discard, BioFlags.None),
            "zeroes" => (BioOperation.WriteZeroes, BioFlags.None),
            _ => null,
        };
        if (kind is not { } k)
        {
            return false;
        }

        (long first, long sectors) = Clamp(s2, c2);
        Request(string.Join(' ', words), k.op, k.flags, [new IoRegion(device, first, sectors)], isAsync);
        return true;
    }

    /// <summary>Runs every pending event and checks that each async request was notified once and the pools are whole.</summary>
    public void Settle()
    {
        try
        {
            _scheduler.RunUntilIdle();
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("io-no-exception", e);
        }

        if (_badBits is not null)
        {
            throw new InvariantViolation("error-bits-in-range", _badBits);
        }

        foreach ((string what, int calls) in _async.Where(a => a.Calls != 1))
        {
            throw new InvariantViolation("async-notified-once", $"'{what}' was notified {calls} times");
        }

        if (_client.OutstandingIos != 0 || _client.OutstandingBios != 0)
        {
            throw new InvariantViolation("pools-balanced", $"idle with {_client.OutstandingIos} ios and {_client.OutstandingBios} bios outstanding");
        }
    }

    /// <summary>Destroys the client, unless a broken invariant left requests in flight (then the violation must not be masked by the client's refusal).</summary>
    public void Dispose()
    {
        if (_client.OutstandingIos == 0 && _client.OutstandingBios == 0)
        {
            _client.Dispose();
        }
    }

    private void Request(string what, BioOperation op, BioFlags flags, IoRegion[] regions, bool async)
    {
        long bytes = op.IsDataless() ? 0 : regions.Max(r => r.Count) * DmIoConstants.SectorSize;
        byte[] buffer = new byte[bytes];
        if (op == BioOperation.Write)
        {
            buffer.AsSpan().Fill(++_pattern);
        }

        DmIoMemory memory = op.IsDataless() ? DmIoMemory.None : DmIoMemory.FromVm(new VmBuffer(buffer));
        ulong mask = regions.Length == 64 ? ulong.MaxValue : (1UL << regions.Length) - 1;
        int rc;
        ulong bits = 0;
        try
        {
            if (async)
            {
                int index = _async.Count;
                _async.Add((what, 0));
                var request = new DmIoRequest
                {
                    Client = _client, Operation = op, Flags = flags, Memory = memory,
                    Notify = (errorBits, _) =>
                    {
                        _async[index] = (what, _async[index].Calls + 1);
                        if ((errorBits & ~mask) != 0)
                        {
                            _badBits ??= $"'{what}' notified bits 0x{errorBits:x} for {regions.Length} regions"; // checked in Settle, not thrown into the engine
                        }
                    },
                };
                rc = DmIoEngine.Execute(request, regions);
            }
            else
            {
                rc = DmIoEngine.Execute(new DmIoRequest { Client = _client, Operation = op, Flags = flags, Memory = memory }, regions, ref bits);
            }
        }
        catch (InvariantViolation)
        {
            throw;
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented(e is SimulationStalledException ? "no-lost-bio" : "io-no-exception", e);
        }

        bool ok = async ? rc == 0 : (rc == 0 && bits == 0) || (rc == -Errno.EIO && bits != 0 && (bits & ~mask) == 0);
        if (!ok)
        {
            throw new InvariantViolation("io-return-code", $"'{what}' returned {rc} with error bits 0x{bits:x}");
        }
    }

    private static (long Sector, long Count) Clamp(long sector, long count) => (Math.Clamp(sector, 0, MaxSector), Math.Clamp(count, 0, MaxCount));

    private static long? Number(string word) =>
        long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? Math.Max(0, value) : null;
}
