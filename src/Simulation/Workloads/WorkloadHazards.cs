namespace DmIo.Simulation.Workloads;

/// <summary>
/// What <c>dmio-sim generate</c> stacks between a workload's devices and their memory backends
/// (<c>--faults</c>, <c>--latency</c>, <c>--write-cache</c>); all off gives fault-free memory devices.
/// </summary>
/// <param name="Faults">A kernel fault target (flakey, dust, error segments or delay) under a <c>rules</c> target with seeded rules.</param>
/// <param name="Latency">A <c>latency</c> target with a seeded distribution, so completions reorder and virtual time advances.</param>
/// <param name="WriteCache">A <c>volatile_cache</c> target over the media, FUA on some writes, empty PREFLUSH requests and <c>crash</c> steps.</param>
public sealed record WorkloadHazards(bool Faults = false, bool Latency = false, bool WriteCache = false)
{
    /// <summary>No hazards: fault-free memory devices.</summary>
    public static WorkloadHazards None { get; } = new();

    /// <summary>True when any hazard is on.</summary>
    public bool Any => Faults || Latency || WriteCache;

    /// <summary>The flags as the command line spells them, for names and descriptions (empty when none).</summary>
    /// <returns>For example <c>--faults --latency</c>.</returns>
    public override string ToString() =>
        string.Join(' ', new[] { Faults ? "--faults" : null, Latency ? "--latency" : null, WriteCache ? "--write-cache" : null }.OfType<string>());
}
