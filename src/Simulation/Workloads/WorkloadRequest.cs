namespace DmIo.Simulation.Workloads;

/// <summary>
/// One dm-io request of a workload, as plain data: operation, flags, regions, how its memory is laid out, whether
/// it is submitted asynchronously, and the seed its write payload is generated from (the same seed always gives
/// the same bytes, so a scenario can store the seed instead of the data).
/// </summary>
/// <param name="Operation">Read, write, discard or write-zeroes.</param>
/// <param name="Flags">SYNC, META, PREFLUSH, FUA as the client would set them.</param>
/// <param name="Regions">The regions; several only for writes.</param>
/// <param name="MemoryKind">The memory kind (<see cref="DmIoMemoryKind.None"/> for discard and write-zeroes).</param>
/// <param name="PageOffsetSectors">Where the buffer starts inside its first page, in sectors (0-7).</param>
/// <param name="Async">True when the client passes a callback instead of waiting.</param>
/// <param name="PayloadSeed">Seeds the bytes a write sends.</param>
public sealed record WorkloadRequest(
    BioOperation Operation,
    BioFlags Flags,
    IReadOnlyList<WorkloadRegion> Regions,
    DmIoMemoryKind MemoryKind,
    int PageOffsetSectors,
    bool Async,
    ulong PayloadSeed)
{
    /// <summary>The largest region's sector count: how much memory the request needs.</summary>
    public long MaxCount => Regions.Count == 0 ? 0 : Regions.Max(r => r.Count);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Async ? "async" : "sync")} {Operation.ToShortName()}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} " +
        $"{string.Join(' ', Regions)} {MemoryKind.ToString().ToLowerInvariant()}@{PageOffsetSectors} payload={PayloadSeed}";
}
