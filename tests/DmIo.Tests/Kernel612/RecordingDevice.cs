namespace DmIo.Tests.Kernel612;

/// <summary>What a <see cref="RecordingDevice"/> saw of one bio when it was submitted to it.</summary>
public sealed record SeenBio(BioOperation Operation, BioFlags Flags, long Sector, long Size, int SegmentCount, int MaxVecs, int[] SegmentLengths)
{
    public long Sectors => Size >> DmIoConstants.SectorShift;
}

/// <summary>
/// A byte-array device for the Linux 6.12 tests: bio-based or request-based (so the block layer splits for it),
/// with any limits; it records each bio's size, segment count and vector capacity at submission, may fail the
/// bios a predicate picks (after serving a read's data, when <see cref="ServeBeforeFailing"/>), may hold bios
/// until the test completes them, and may throw from <see cref="Submit"/> instead of completing.
/// </summary>
public sealed class RecordingDevice : IBlockDevice
{
    private readonly byte[] _data;
    private readonly object _lock = new();
    private readonly List<SeenBio> _seen = [];
    private readonly Queue<(Bio Bio, SeenBio Seen)> _held = new();

    public RecordingDevice(string name, long capacitySectors, QueueLimits? limits = null, BlockQueueKind kind = BlockQueueKind.BioBased)
    {
        Name = name;
        CapacitySectors = capacitySectors;
        Limits = (limits ?? QueueLimits.Default).Validate();
        QueueKind = kind;
        _data = new byte[capacitySectors << DmIoConstants.SectorShift];
    }

    public string Name { get; }

    public long CapacitySectors { get; }

    public QueueLimits Limits { get; }

    public BlockQueueKind QueueKind { get; }

    /// <summary>Picks a status for the n-th bio (0-based) seen; null: all succeed.</summary>
    public Func<int, SeenBio, BlkStatus>? Fail { get; set; }

    /// <summary>When true a failed read still copies the device's bytes into the bio first (a partial DMA).</summary>
    public bool ServeBeforeFailing { get; set; }

    /// <summary>When true, bios wait until <see cref="CompleteHeld"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>Throws this from the n-th (0-based) Submit call instead of completing that bio.</summary>
    public (int Index, Exception Exception)? ThrowAt { get; set; }

    public Span<byte> Data => _data;

    public IReadOnlyList<SeenBio> Seen
    {
        get
        {
            lock (_lock)
            {
                return [.. _seen];
            }
        }
    }

    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    public void Submit(Bio bio)
    {
        int[] lengths = new int[bio.SegmentCount];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = bio.Segments[i].Length;
        }

        var seen = new SeenBio(bio.Operation, bio.Flags, bio.Sector, bio.Size, bio.SegmentCount, bio.MaxVecs, lengths);
        int index;
        lock (_lock)
        {
            index = _seen.Count;
            if (index > 10_000)
            {
                throw new InvalidOperationException($"{Name} received more than 10000 bios: splitting is looping.");
            }

            _seen.Add(seen);
            if (ThrowAt is { } t && t.Index == index)
            {
                throw t.Exception;
            }

            if (Hold)
            {
                _held.Enqueue((bio, seen));
                return;
            }
        }

        Serve(bio, index, seen);
    }

    /// <summary>Completes the held bio at queue position <paramref name="position"/> (0 = oldest still held).</summary>
    public void CompleteHeld(int position, BlkStatus status)
    {
        (Bio Bio, SeenBio Seen) item;
        lock (_lock)
        {
            var all = _held.ToList();
            item = all[position];
            all.RemoveAt(position);
            _held.Clear();
            foreach (var x in all)
            {
                _held.Enqueue(x);
            }
        }

        item.Bio.Complete(status);
    }

    private void Serve(Bio bio, int index, SeenBio seen)
    {
        BlkStatus status = Fail?.Invoke(index, seen) ?? BlkStatus.Ok;
        int offset = (int)(bio.Sector << DmIoConstants.SectorShift);
        int size = (int)bio.Size;
        if (status == BlkStatus.Ok || (ServeBeforeFailing && bio.Operation == BioOperation.Read))
        {
            switch (bio.Operation)
            {
                case BioOperation.Read:
                    bio.CopyToSegments(_data.AsSpan(offset, size));
                    break;
                case BioOperation.Write:
                    if (size > 0)
                    {
                        bio.CopyFromSegments(_data.AsSpan(offset, size));
                    }

                    break;
                case BioOperation.Discard:
                case BioOperation.WriteZeroes:
                    _data.AsSpan(offset, size).Clear();
                    break;
            }
        }

        bio.Complete(status);
    }
}

/// <summary>Clients whose sync waits fail with a message after 30 s instead of hanging the run.</summary>
public static class Kernel612Client
{
    public static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };

    public static DmIoClient Create() => DmIoClient.Create(4, Scheduler);

    /// <summary>Sync request; bits start at 0xDEAD_BEEF so a test can tell whether they were written.</summary>
    public static (int Rc, ulong Bits) Sync(DmIoClient client, BioOperation op, BioFlags flags, DmIoMemory memory, params IoRegion[] regions)
    {
        ulong bits = 0xDEAD_BEEF;
        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = op, Flags = flags, Memory = memory, Client = client }, regions, ref bits);
        return (rc, bits);
    }

    public static byte[] Filled(int length, byte value)
    {
        var b = new byte[length];
        Array.Fill(b, value);
        return b;
    }

    public static byte[] Pattern(int length, int seed)
    {
        var b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)((i / 512 * 7) + (i * 13) + seed);
        }

        return b;
    }
}
