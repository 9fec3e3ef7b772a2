namespace DmIo;

/// <summary>
/// One destination or source of a dm-io request (<c>struct dm_io_region</c>): a range of
/// <paramref name="Count"/> sectors starting at <paramref name="Sector"/> on <paramref name="Device"/>.
/// </summary>
/// <param name="Device">The block device the region lives on.</param>
/// <param name="Sector">The first sector of the region.</param>
/// <param name="Count">The number of sectors; 0 skips the region unless the request carries PREFLUSH.</param>
public readonly record struct IoRegion(IBlockDevice Device, long Sector, long Count)
{
    /// <summary>The number of bytes the region covers.</summary>
    public long Bytes => Count << DmIoConstants.SectorShift;

    /// <inheritdoc />
    public override string ToString() => $"{Device?.Name ?? "<null>"}[{Sector}+{Count}]";
}
