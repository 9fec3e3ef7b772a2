namespace DmIo.VirtualDevices;

/// <summary>
/// Computes a stacked device's limits the way device-mapper does: start from permissive stacking defaults
/// (or the caller's own limits), fold in every device underneath with <see cref="QueueLimits.Stack"/>, then
/// round the size limits down to whole logical blocks (the kernel does the same after stacking).
/// </summary>
public static class LimitStacking
{
    /// <summary>
    /// The limits a stacked device starts from before anything is stacked under it (<c>blk_set_stacking_limits</c>):
    /// everything as large as a bio allows, discard and write-zeroes supported, no cache. Stacking only lowers them.
    /// </summary>
    public static QueueLimits StackingDefaults { get; } = new()
    {
        LogicalBlockSize = DmIoConstants.SectorSize,
        PhysicalBlockSize = DmIoConstants.SectorSize,
        MaxSectors = (int.MaxValue >> DmIoConstants.SectorShift) & ~(DmIoConstants.SectorsPerPage - 1),
        MaxSegments = DmIoConstants.BioMaxVecs,
        MaxSegmentSize = uint.MaxValue,
        MaxDiscardSectors = long.MaxValue & ~(long)(DmIoConstants.SectorsPerPage - 1),
        MaxWriteZeroesSectors = long.MaxValue & ~(long)(DmIoConstants.SectorsPerPage - 1),
        VolatileWriteCache = false,
        Fua = false,
    };

    /// <summary>Stacks <paramref name="lower"/> under <paramref name="own"/> (or <see cref="StackingDefaults"/>).</summary>
    /// <param name="own">The stacked device's own limits, or null for none beyond what it wraps.</param>
    /// <param name="lower">The devices it maps onto; at least one.</param>
    /// <returns>Validated combined limits.</returns>
    public static QueueLimits Combine(QueueLimits? own, IEnumerable<IBlockDevice> lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        QueueLimits result = (own ?? StackingDefaults).Validate(nameof(own));
        foreach (IBlockDevice device in lower)
        {
            result = QueueLimits.Stack(result, device.Limits);
        }

        long blockSectors = SectorMath.BlockSectors(result.LogicalBlockSize);
        return (result with
        {
            MaxSectors = result.MaxSectors - (result.MaxSectors % blockSectors),
            MaxDiscardSectors = result.MaxDiscardSectors - (result.MaxDiscardSectors % blockSectors),
            MaxWriteZeroesSectors = result.MaxWriteZeroesSectors - (result.MaxWriteZeroesSectors % blockSectors),
        }).Validate(nameof(own));
    }
}
