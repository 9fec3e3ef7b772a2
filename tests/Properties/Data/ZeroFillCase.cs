namespace DmIo.Properties;

/// <summary>A read over a dust device with bad sectors, reaching it through one of three stacks.</summary>
/// <param name="Stack">What sits between dm-io and dust.</param>
/// <param name="Limits">The limits a request-based queue splits against (advertised only, by the other stacks).</param>
/// <param name="Reader">How the read is issued.</param>
/// <param name="Sector">The region's first sector.</param>
/// <param name="Count">The region's sector count.</param>
/// <param name="BadSectors">Bad sectors of the dust device (512-byte blocks).</param>
/// <param name="Seed">The device contents' seed.</param>
internal sealed record ZeroFillCase(ZeroFillStack Stack, QueueLimits Limits, IoStyle Reader, long Sector, long Count, long[] BadSectors, ulong Seed)
{
    /// <summary>The device size.</summary>
    public const long DeviceSectors = 1024;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Stack}: read [{Sector}+{Count}] with {Reader}, bad sectors [{string.Join(',', BadSectors)}], max_sectors={Limits.MaxSectors} max_segs={Limits.MaxSegments} seg_size={Limits.MaxSegmentSize}, seed={Seed}";
}
