using DmIo.FaultInjection;

namespace DmIo.Simulation;

/// <summary>How a scenario is run.</summary>
public sealed record RunOptions
{
    /// <summary>
    /// A trace to replay: its random choices are forced and every line the run writes is checked against it, stopping
    /// at the first divergence. The trace's first line (the embedded scenario) is not compared, so a changed scenario
    /// can be replayed against an old trace.
    /// </summary>
    public TraceLog? Replay { get; init; }

    /// <summary>
    /// Record the trace (the default). Off, the run writes no trace lines (no JSON per bio, no digest of each bio's data)
    /// and <see cref="Results.RunResult.Trace"/> is empty; everything else in the result is the same, because the trace
    /// only watches. A sweep runs seeds without it and runs a failing seed again with it. A replay needs it.
    /// </summary>
    public bool RecordTrace { get; init; } = true;

    /// <summary>
    /// Put digests in the result (the default). Off, nothing is hashed that the verdict does not need: every device's
    /// digest and every read's <c>data</c> digest are null, while expectations are checked exactly as before (a
    /// <c>digest</c> expectation still hashes what it compares) and check steps still report theirs. For runs whose
    /// result only decides pass or fail: a sweep's first run of each seed. Hashing runs at about 1 GB/s, so for a small
    /// scenario it is a large share of the run.
    /// </summary>
    public bool RecordDigests { get; init; } = true;

    /// <summary>
    /// Stream the trace to this writer as it is written instead of keeping it (the result's <c>trace</c> is then
    /// empty): for runs too long to hold their trace in memory, such as <c>dmio-sim nbd --trace</c>. Needs
    /// <see cref="RecordTrace"/> and no <see cref="Replay"/>.
    /// </summary>
    public TextWriter? TraceSink { get; init; }

    /// <summary>Keep every write's payload (needed by the log-writes export; costs memory).</summary>
    public bool CapturePayloads { get; init; }

    /// <summary>
    /// True to also note, in <see cref="ScenarioRun.BackingBios"/>, every bio a table device sends to a device it is
    /// built on (for <c>export-log-writes</c> of a backing device). The bios go down unchanged; nothing is traced.
    /// </summary>
    public bool ObserveTableBackings { get; init; }

    /// <summary>Where file backends are created; a fresh temporary directory (deleted afterwards) when null.</summary>
    public string? FileDirectory { get; init; }

    /// <summary>
    /// The resource caps. The loader enforces them on the file; the run stops with an error when its virtual clock
    /// passes <see cref="ResourceLimits.MaxVirtualNanoseconds"/> (delays of fault targets are not known at load).
    /// </summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;
}
