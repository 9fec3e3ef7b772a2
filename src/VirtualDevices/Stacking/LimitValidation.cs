namespace DmIo.VirtualDevices;

/// <summary>
/// The part of the kernel's <c>blk_validate_limits</c> (block/blk-settings.c) that changes stacked limits when a
/// device-mapper table commits them (<c>queue_limits_set</c>): it recomputes <c>max_sectors</c> from
/// <c>max_hw_sectors</c>, raises <c>io_min</c> to the physical block size, rounds <c>io_opt</c> down to it, gives a
/// discarding device a granularity of at least one physical block (and a non-discarding one none), and drops FUA
/// without a volatile cache.
/// </summary>
public static class LimitValidation
{
    /// <summary>
    /// The default cap on <c>max_sectors</c> for file system I/O, in sectors (<c>BLK_DEF_MAX_SECTORS_CAP</c>, 1280 KiB),
    /// unless <c>io_opt</c> or <c>io_min</c> asks for more.
    /// </summary>
    public const long DefaultMaxSectorsCap = 2560;

    /// <summary>Applies the commit-time rules to limits that have just been stacked.</summary>
    /// <param name="stacked">The stacked limits.</param>
    /// <param name="userMaxSectors">A <c>max_sectors_kb</c>-style setting inherited from below (<c>max_user_sectors</c>), or 0 for none.</param>
    /// <returns>The limits the device shows.</returns>
    public static QueueLimits Commit(QueueLimits stacked, long userMaxSectors)
    {
        ArgumentNullException.ThrowIfNull(stacked);
        int physical = stacked.PhysicalBlockSize;
        long ioMin = Math.Max(stacked.IoMin, physical);
        long ioOpt = stacked.IoOpt - (stacked.IoOpt % physical);
        QueueLimits sized = stacked with { IoMin = ioMin, IoOpt = ioOpt };
        long blockSectors = stacked.LogicalBlockSize >> DmIoConstants.SectorShift;
        long maxSectors = userMaxSectors != 0 ? Math.Min(sized.EffectiveMaxHwSectors, userMaxSectors) : DerivedMaxSectors(sized);
        return sized with
        {
            MaxSectors = maxSectors - (maxSectors % blockSectors),
            MaxHwSectors = sized.EffectiveMaxHwSectors,
            DiscardGranularity = stacked.MaxDiscardSectors != 0 ? Math.Max(stacked.DiscardGranularity, physical) : 0,
            Fua = stacked.Fua && stacked.VolatileWriteCache,
        };
    }

    /// <summary>
    /// The <c>max_sectors</c> the kernel derives when nobody set one: <c>max_hw_sectors</c> capped at
    /// <see cref="DefaultMaxSectorsCap"/>, or at <c>io_opt</c> (else <c>io_min</c>) when that is larger than the cap.
    /// </summary>
    /// <param name="limits">Limits whose <c>io_min</c> and <c>io_opt</c> are final.</param>
    /// <returns>The derived <c>max_sectors</c>, before rounding to logical blocks.</returns>
    public static long DerivedMaxSectors(QueueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        long capBytes = DefaultMaxSectorsCap << DmIoConstants.SectorShift;
        long cap = limits.IoOpt > capBytes ? limits.IoOpt >> DmIoConstants.SectorShift
            : limits.IoMin > capBytes ? limits.IoMin >> DmIoConstants.SectorShift
            : DefaultMaxSectorsCap;
        return Math.Min(limits.EffectiveMaxHwSectors, cap);
    }

    /// <summary>
    /// The <c>max_user_sectors</c> a device's limits imply: its <see cref="QueueLimits.MaxSectors"/> when that is not
    /// what the kernel would derive from its other limits (someone set it, like writing <c>max_sectors_kb</c>), else 0.
    /// The kernel stacks that setting into every device above, so it survives their recomputation.
    /// </summary>
    /// <param name="limits">A device's limits.</param>
    /// <returns>The setting, or 0 for none.</returns>
    public static long UserMaxSectors(QueueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        long derived = DerivedMaxSectors(limits);
        long blockSectors = limits.LogicalBlockSize >> DmIoConstants.SectorShift;
        return limits.MaxSectors != derived - (derived % blockSectors) ? limits.MaxSectors : 0;
    }
}
