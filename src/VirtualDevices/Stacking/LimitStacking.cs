namespace DmIo.VirtualDevices;

/// <summary>
/// Computes a device-mapper device's limits as 6.12 does when a table is loaded: <c>dm_calculate_queue_limits</c>
/// starts the table and each target from <see cref="StackingDefaults"/>, stacks each target's devices
/// (<c>dm_set_device_limits</c>, i.e. <see cref="QueueLimits.Stack"/>), applies the target's <c>io_hints</c> and
/// stacks the target into the table; <c>dm_table_set_restrictions</c> then turns discard and write-zeroes off
/// unless every target supports them, and <see cref="LimitValidation.Commit"/> finishes as <c>queue_limits_set</c>
/// does. A target built here on its own (a <see cref="LinearDevice"/>, a <c>FlakeyDevice</c>) is a device with a
/// one-line table; a <see cref="Tables.TableDevice"/> stacks its segments, each already such a device.
/// </summary>
public static class LimitStacking
{
    /// <summary>
    /// The limits a stacked device starts from before anything is stacked under it (<c>blk_set_stacking_limits</c>,
    /// block/blk-settings.c): 512-byte blocks, <c>io_min</c> and discard granularity 512, every count and size as
    /// large as the field allows (<c>max_sectors</c>, <c>max_hw_sectors</c>, <c>max_segment_size</c> and
    /// <c>max_write_zeroes_sectors</c> <c>UINT_MAX</c>, <c>max_segments</c> <c>USHRT_MAX</c>), the default segment
    /// boundary, and no discard until a device or an <c>io_hints</c> brings it. Not valid as a device's own limits.
    /// </summary>
    public static QueueLimits StackingDefaults { get; } = new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = uint.MaxValue,
        MaxHwSectors = uint.MaxValue,
        MaxSegments = ushort.MaxValue,
        MaxSegmentSize = uint.MaxValue,
        SegmentBoundaryMask = 0xFFFF_FFFFL,
        VirtBoundaryMask = 0,
        ChunkSectors = 0,
        IoMin = 512,
        IoOpt = 0,
        DiscardGranularity = 512,
        MaxDiscardSectors = 0,
        MaxWriteZeroesSectors = uint.MaxValue,
        VolatileWriteCache = false,
        Fua = false,
    };

    /// <summary>The limits of a device whose table is one line of <paramref name="target"/> over <paramref name="devices"/>.</summary>
    /// <param name="target">The target's traits.</param>
    /// <param name="devices">The devices the line maps onto, in its order; empty for zero and error.</param>
    /// <param name="own">Limits to start the target from instead of <see cref="StackingDefaults"/> (a test's extra limits); null for none.</param>
    /// <returns>Validated limits.</returns>
    public static QueueLimits ForTarget(TargetLimitTraits target, IReadOnlyList<IBlockDevice> devices, QueueLimits? own = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(devices);
        QueueLimits targetLimits = own?.Validate(nameof(own)) ?? StackingDefaults;
        foreach (IBlockDevice device in devices)
        {
            targetLimits = QueueLimits.Stack(targetLimits, device.Limits);
        }

        if (target.IoHints is { } hints)
        {
            targetLimits = hints(targetLimits);
        }

        // The kernel also asks every device for write-zeroes; stacking took the smallest limit, so a device without
        // them has already made it 0. Discard is different: stacking keeps the smallest non-zero limit.
        bool discards = target.Discards && (target.DiscardsWithoutDevices || devices.All(d => d.Limits.MaxDiscardSectors != 0));
        QueueLimits table = Restrict(QueueLimits.Stack(StackingDefaults, targetLimits), discards, target.WriteZeroes);
        return LimitValidation.Commit(table, UserMaxSectors(devices, own)).Validate(nameof(devices));
    }

    /// <summary>
    /// The limits of a table whose lines are <paramref name="targets"/>, each a device built from one target line:
    /// discard and write-zeroes only when every line has them.
    /// </summary>
    /// <param name="targets">The lines' devices; at least one.</param>
    /// <param name="own">Limits to start the table from instead of <see cref="StackingDefaults"/>; null for none.</param>
    /// <returns>Validated limits.</returns>
    public static QueueLimits ForTable(IReadOnlyList<IBlockDevice> targets, QueueLimits? own = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        QueueLimits table = own?.Validate(nameof(own)) ?? StackingDefaults;
        foreach (IBlockDevice target in targets)
        {
            table = QueueLimits.Stack(table, target.Limits);
        }

        // Each line already carries its target's write-zeroes verdict and stacking took the smallest, so only discard,
        // which stacking takes as the smallest non-zero, needs every line asked.
        bool discards = targets.All(t => t.Limits.MaxDiscardSectors != 0);
        return LimitValidation.Commit(Restrict(table, discards, writeZeroes: true), UserMaxSectors(targets, own)).Validate(nameof(targets));
    }

    // dm_table_set_restrictions: a table that cannot discard (or write zeroes) everywhere does it nowhere. (It clears
    // the discard granularity too; LimitValidation.Commit does that for any device without discard.)
    private static QueueLimits Restrict(QueueLimits limits, bool discards, bool writeZeroes) => limits with
    {
        MaxDiscardSectors = discards ? limits.MaxDiscardSectors : 0,
        MaxWriteZeroesSectors = writeZeroes ? limits.MaxWriteZeroesSectors : 0,
    };

    // blk_stack_limits stacks max_user_sectors as min_not_zero, so a setting anywhere below survives the recomputation.
    private static long UserMaxSectors(IReadOnlyList<IBlockDevice> devices, QueueLimits? own)
    {
        long user = own is null ? 0 : LimitValidation.UserMaxSectors(own);
        foreach (IBlockDevice device in devices)
        {
            long below = LimitValidation.UserMaxSectors(device.Limits);
            user = user == 0 ? below : below == 0 ? user : Math.Min(user, below);
        }

        return user;
    }
}
