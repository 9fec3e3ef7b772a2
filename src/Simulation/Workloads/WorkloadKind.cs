namespace DmIo.Simulation.Workloads;

/// <summary>The shapes of client a workload imitates (<c>dmio-sim generate --workload mirror|log|copy|fs</c>).</summary>
public enum WorkloadKind
{
    /// <summary>dm-raid1 style: every write goes to 2-4 legs at the same sector; reads come from one leg.</summary>
    Mirror,

    /// <summary>A journal: sequential appends, each record a header written with PREFLUSH|FUA followed by its body.</summary>
    Log,

    /// <summary>kcopyd style: read one region of a source, write it to 1-3 destinations in one multi-region write.</summary>
    Copy,

    /// <summary>A file system: small metadata writes (META, often FUA) near the start, large data writes elsewhere, discards, flushes.</summary>
    FileSystem,
}
