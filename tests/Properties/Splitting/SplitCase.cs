namespace DmIo.Properties;

/// <summary>One region split by generated limits.</summary>
/// <param name="Limits">The limits the spy advertises to the engine.</param>
/// <param name="Operation">Write, discard or write-zeroes.</param>
/// <param name="Layout">The memory layout (writes only).</param>
/// <param name="Sector">The region's first sector.</param>
/// <param name="Count">The region's sector count.</param>
/// <param name="Seed">The payload seed.</param>
internal sealed record SplitCase(QueueLimits Limits, BioOperation Operation, MemoryLayout Layout, long Sector, long Count, ulong Seed)
{
    /// <summary>The device size.</summary>
    public const long DeviceSectors = 4096;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Operation} [{Sector}+{Count}] {Layout} max_sectors={Limits.MaxSectors} max_segs={Limits.MaxSegments} seg_size={Limits.MaxSegmentSize} discard={Limits.MaxDiscardSectors} wz={Limits.MaxWriteZeroesSectors} seed={Seed}";
}
