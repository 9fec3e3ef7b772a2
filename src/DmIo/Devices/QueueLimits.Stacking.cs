namespace DmIo;

/// <summary>How one device's limits fold into the limits of a device stacked on it (the kernel's <c>blk_stack_limits</c>).</summary>
public sealed partial record QueueLimits
{
    /// <summary>
    /// Folds <paramref name="bottom"/> (a device underneath) into <paramref name="top"/> (the stacked device's limits
    /// so far) as 6.12's <c>blk_stack_limits</c> (block/blk-settings.c) does, field by field: size limits take the
    /// smaller; block sizes and <see cref="IoMin"/> the larger; <see cref="IoOpt"/> the least common multiple;
    /// <see cref="ChunkSectors"/> the greatest common divisor of the non-zero ones; discard is folded in only from a
    /// bottom that has a <see cref="DiscardGranularity"/>; a volatile cache and FUA are inherited from either side.
    /// Then <see cref="IoMin"/>, <see cref="IoOpt"/> and <see cref="ChunkSectors"/> that are not whole physical blocks
    /// fall back as the kernel's do, and <see cref="MaxSectors"/> and <see cref="MaxHwSectors"/> are rounded down to
    /// whole logical blocks.
    /// </summary>
    /// <remarks>
    /// Not modelled: alignment offsets (every device here starts aligned, so the kernel's misalignment checks never
    /// fire), and <c>max_sectors</c> as the device finally shows it, which the kernel recomputes from
    /// <c>max_hw_sectors</c> when the stacked limits are committed; device-mapper's side of that lives with the
    /// virtual devices (<c>LimitStacking</c>).
    /// </remarks>
    /// <param name="top">The stacked device's limits so far.</param>
    /// <param name="bottom">The limits of one device it maps onto.</param>
    /// <returns>The combined limits (not validated: a stacking start such as <c>blk_set_stacking_limits</c> has no discard yet).</returns>
    public static QueueLimits Stack(QueueLimits top, QueueLimits bottom)
    {
        ArgumentNullException.ThrowIfNull(top);
        ArgumentNullException.ThrowIfNull(bottom);
        int logical = Math.Max(top.LogicalBlockSize, bottom.LogicalBlockSize);
        int physical = Math.Max(top.PhysicalBlockSize, bottom.PhysicalBlockSize);
        long ioMin = Math.Max(top.IoMin, bottom.IoMin);
        long ioOpt = LcmNotZero(top.IoOpt, bottom.IoOpt);
        long chunk = bottom.ChunkSectors != 0 ? Gcd(top.ChunkSectors, bottom.ChunkSectors) : top.ChunkSectors;
        // The kernel folds discard in only from a bottom with a granularity; one without has no discard limit either,
        // and min_not_zero and max with its zeros leave the top as it is, which needs no test of its own.
        long bottomGranularity = bottom.EffectiveDiscardGranularity;
        return top with
        {
            LogicalBlockSize = logical,
            PhysicalBlockSize = physical,
            MaxSectors = RoundDownSectors(Math.Min(top.MaxSectors, bottom.MaxSectors), logical),
            MaxHwSectors = RoundDownSectors(Math.Min(top.EffectiveMaxHwSectors, bottom.EffectiveMaxHwSectors), logical),
            MaxSegments = Math.Min(top.MaxSegments, bottom.MaxSegments),
            MaxSegmentSize = Math.Min(top.MaxSegmentSize, bottom.MaxSegmentSize),
            SegmentBoundaryMask = Math.Min(top.SegmentBoundaryMask, bottom.SegmentBoundaryMask),
            VirtBoundaryMask = (int)MinNotZero(top.VirtBoundaryMask, bottom.VirtBoundaryMask),
            IoMin = ioMin % physical != 0 ? physical : ioMin,
            IoOpt = ioOpt % physical != 0 ? 0 : ioOpt,
            ChunkSectors = chunk % (physical >> DmIoConstants.SectorShift) != 0 ? 0 : chunk,
            MaxWriteZeroesSectors = Math.Min(top.MaxWriteZeroesSectors, bottom.MaxWriteZeroesSectors),
            MaxDiscardSectors = MinNotZero(top.MaxDiscardSectors, bottom.MaxDiscardSectors),
            DiscardGranularity = Math.Max(top.DiscardGranularity, bottomGranularity),
            VolatileWriteCache = top.VolatileWriteCache || bottom.VolatileWriteCache,
            Fua = top.Fua || bottom.Fua,
        };
    }

    /// <summary>The hardware ceiling on a request: <see cref="MaxHwSectors"/>, or <see cref="MaxSectors"/> when that is not given.</summary>
    public long EffectiveMaxHwSectors => MaxHwSectors != 0 ? MaxHwSectors : MaxSectors;

    /// <summary>
    /// The discard granularity the kernel would show: <see cref="DiscardGranularity"/>, or one physical block for limits
    /// that allow discard but name no granularity (<c>blk_validate_limits</c> never lets a discarding device show 0).
    /// </summary>
    public long EffectiveDiscardGranularity => DiscardGranularity != 0 || MaxDiscardSectors == 0 ? DiscardGranularity : PhysicalBlockSize;

    // blk_round_down_sectors: whole logical blocks. Its floor of one page never applies here: every limit is at least
    // a page and a logical block at most one, so rounding down cannot go below a page.
    private static long RoundDownSectors(long sectors, int logicalBlockSize) =>
        sectors - (sectors % (logicalBlockSize >> DmIoConstants.SectorShift));

    private static long MinNotZero(long a, long b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static long LcmNotZero(long a, long b) => a == 0 ? b : b == 0 ? a : a / Gcd(a, b) * b;
}
