using System.Buffers;
using System.Globalization;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Running;

/// <summary>
/// Follows one request step from submission to its outcome: holds its buffer and payload, hears its notify calls,
/// and finally works out per-region outcomes, the read digest and which expectations failed.
/// </summary>
internal sealed class RequestTracker
{
    private readonly Func<string, ReadOnlyMemory<byte>> _payloadOf; // other requests' payloads, for same_as
    private readonly bool _digestData;                  // put a read's digest in the outcome (RunOptions.RecordDigests)
    private byte[]? _payload;                           // a write's bytes in an array rented from ArrayPool (longer than them); null for a read
    private bool _returned;                             // the submitting call has returned
    private bool _finalized;                            // outcome worked out

    /// <summary>Starts following a request.</summary>
    /// <param name="step">The request step.</param>
    /// <param name="buffer">Its buffer, already holding its initial bytes.</param>
    /// <param name="payload">A write's bytes at the start of an array rented from <see cref="ArrayPool{T}.Shared"/>, which
    /// <see cref="Release"/> returns; null for a read.</param>
    /// <param name="scheduler">The run's clock.</param>
    /// <param name="payloadOf">Other requests' payloads by id, for <c>same_as</c>.</param>
    /// <param name="digestData">Whether a read's digest goes into the outcome.</param>
    public RequestTracker(IoStep step, RequestBuffer buffer, byte[]? payload, IIoScheduler scheduler, Func<string, ReadOnlyMemory<byte>> payloadOf, bool digestData = true)
    {
        _digestData = digestData;
        _payload = payload;
        Step = step;
        Buffer = buffer;
        Scheduler = scheduler;
        _payloadOf = payloadOf;
        Outcome = new RequestOutcome(step.Index)
        {
            Id = step.Id,
            Operation = step.Operation.ToShortName(),
            Flags = FlagNames.Format(step.Flags),
            Mode = step.Async ? "async" : "sync",
            Api = step.Api == IoApi.Legacy ? "legacy" : "request",
            Memory = buffer.Memory.ToString(),
        };
    }

    public IoStep Step { get; }

    public RequestBuffer Buffer { get; }

    /// <summary>True for a write, which has a payload.</summary>
    public bool HasPayload => _payload is not null;

    /// <summary>A write's source bytes; empty for a read. Valid until <see cref="Release"/>.</summary>
    public ReadOnlyMemory<byte> Payload => _payload.AsMemory(0, _payload is null ? 0 : (int)Buffer.Length);

    /// <summary>Hands the buffer's pages and the payload's array back to their pools; the run is over.</summary>
    public void Release()
    {
        Buffer.Release();
        if (_payload is { } payload)
        {
            _payload = null;
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    public IIoScheduler Scheduler { get; }

    public RequestOutcome Outcome { get; }

    public bool Notified => Outcome.NotifyCalls > 0;

    /// <summary>The notify callback of an async request; counts calls so a double call shows.</summary>
    public void Notify(ulong errorBits, object? context)
    {
        if (Outcome.NotifyCalls++ == 0)
        {
            Outcome.ErrorBits = errorBits;
            Outcome.NotifiedNanoseconds = Scheduler.NowNanoseconds;
            Outcome.NotifiedBeforeReturn = !_returned;
        }
    }

    public void Returned() => _returned = true;

    /// <summary>Works out the outcome once the request is complete (or the run is over).</summary>
    /// <param name="spans">The bios seen on named devices while this step was current, in submission order (spans of other steps are ignored).</param>
    public void Finalize(IReadOnlyList<BioSpan> spans)
    {
        if (_finalized)
        {
            return;
        }

        _finalized = true;
        RequestOutcome o = Outcome;
        bool refused = o.Rejected is not null || (Step.Regions.Count > 1 && Step.Operation == BioOperation.Read);
        bool known = !Step.Async || Notified || o.Rejected is not null;
        var counts = new int[Step.Regions.Count];
        var statuses = new List<string>?[Step.Regions.Count];
        AssignBios(spans, counts, statuses);
        // A loop rather than LINQ: perf put the Select, its closure and a sort per region at 6% of a sweep seed.
        var regions = new RegionOutcome[Step.Regions.Count];
        for (int i = 0; i < regions.Length; i++)
        {
            RegionSpec r = Step.Regions[i];
            string outcome = refused ? "not_issued"
                : !known ? "pending"
                : ((o.ErrorBits ?? 0) >> i & 1) != 0 ? "failed"
                : r.Count == 0 && (Step.Flags & BioFlags.Preflush) == 0 ? "skipped"
                : "ok";
            regions[i] = new RegionOutcome(r.Device, r.Sector, r.Count, outcome, counts[i], SortedStatuses(statuses[i]));
        }

        o.Regions = regions;
        if (Step.Operation != BioOperation.Read || o.Rejected is not null)
        {
            Check(contents: default, haveContents: false);
            return;
        }

        // The read's bytes go through a pooled scratch array: a sweep reads in every seed, and a fresh copy per
        // read was a third of what a seed allocated.
        byte[] scratch = ArrayPool<byte>.Shared.Rent((int)Buffer.Length);
        try
        {
            Span<byte> contents = scratch.AsSpan(0, (int)Buffer.Length);
            Buffer.CopyContentsTo(contents);
            o.Data = _digestData ? Fnv64.Of(contents) : null;
            Check(contents, haveContents: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Gives each bio of this request to its region: dm-io issues a region's bios in ascending, contiguous order and
    /// finishes a region before starting the next, so a bio belongs to the first region (from the current one) that
    /// continues exactly where it starts.
    /// </summary>
    private void AssignBios(IReadOnlyList<BioSpan> spans, int[] counts, List<string>?[] statuses)
    {
        IReadOnlyList<RegionSpec> regions = Step.Regions;
        long[] next = [.. regions.Select(r => r.Sector)];
        int current = 0;
        foreach (BioSpan span in spans)
        {
            if (span.Step != Step.Index)
            {
                continue;
            }

            for (int r = current; r < regions.Count; r++)
            {
                RegionSpec region = regions[r];
                bool fits = span.Device == region.Device && span.Sector == next[r] &&
                            (region.Count == 0 ? span.Count == 0 : next[r] < region.Sector + region.Count);
                if (!fits)
                {
                    continue;
                }

                counts[r]++;
                string status = span.CompleteNanoseconds < 0 ? "pending" : span.Status.ToShortName();
                List<string> seen = statuses[r] ??= [];
                if (!seen.Contains(status))
                {
                    seen.Add(status); // a region's distinct statuses, sorted when the outcome is built
                }

                next[r] += span.Count;
                current = region.Count == 0 || next[r] >= region.Sector + region.Count ? r + 1 : r;
                break;
            }
        }
    }

    private void Check(ReadOnlySpan<byte> contents, bool haveContents)
    {
        if (Step.Expect is not { } e)
        {
            return;
        }

        RequestOutcome o = Outcome;
        if (e.Rejected is { } rejected && rejected != (o.Rejected is not null))
        {
            o.Fail(rejected ? "expected the engine to refuse the request, but it ran" : $"expected the request to run, but it was refused: {o.Rejected}");
        }

        if (e.ReturnCode is { } rc && rc != o.ReturnCode)
        {
            o.Fail($"rc: expected {rc}, got {(o.ReturnCode is { } a ? a.ToString(CultureInfo.InvariantCulture) : "none (" + (o.Rejected ?? "not returned") + ")")}");
        }

        if (e.ErrorBits is { } bits && bits != o.ErrorBits)
        {
            o.Fail($"error_bits: expected {Bits(bits)}, got {(o.ErrorBits is { } b ? Bits(b) : "none (never written)")}");
        }

        if (e.NotifyCalls is { } calls && calls != o.NotifyCalls)
        {
            o.Fail($"notify_calls: expected {calls}, got {o.NotifyCalls}");
        }

        if (e.NotifiedBeforeReturn is { } before && before != o.NotifiedBeforeReturn)
        {
            o.Fail($"notified_before_return: expected {before}, got {(o.NotifiedBeforeReturn is { } n ? n : "never notified")}");
        }

        if (e.Data is { } data && haveContents)
        {
            string? problem = DataComparison.Compare(data, contents, o.Data, _payloadOf);
            if (problem is not null)
            {
                o.Fail(problem);
            }
        }
    }

    // A region's distinct bio statuses in ordinal order; almost always one, which needs no sort.
    private static string[] SortedStatuses(List<string>? seen)
    {
        if (seen is null)
        {
            return [];
        }

        string[] sorted = [.. seen];
        if (sorted.Length > 1)
        {
            Array.Sort(sorted, StringComparer.Ordinal);
        }

        return sorted;
    }

    private static string Bits(ulong bits)
    {
        var regions = Enumerable.Range(0, 64).Where(i => ((bits >> i) & 1) != 0).ToList();
        return $"0x{bits:x} (regions [{string.Join(',', regions)}])";
    }
}
