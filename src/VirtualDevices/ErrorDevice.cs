using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices;

/// <summary>
/// The kernel's <c>error</c> target (6.12 <c>drivers/md/dm-target.c</c>): every bio it is sent fails with an I/O error.
/// Table syntax: <c>&lt;start&gt; &lt;length&gt; error [&lt;device&gt; &lt;offset&gt;]</c>. The kernel builds it into
/// device-mapper's core, so every table registry has it; an <see cref="IErrorTargetObserver"/> hears about each failure.
/// </summary>
/// <remarks>
/// <para>Like <c>io_err_ctr</c>, exactly two arguments name a backing device and offset (as dm-linear's), only so that
/// the target takes that device's limits (<c>io_err_iterate_devices</c>); any other arguments are ignored. No bio is
/// ever sent to the backing device.</para>
/// <para>Limits: the backing device's stacked over the stacking defaults (or the defaults alone), then what the
/// kernel sets around the target: discards are supported so that they fail rather than being refused
/// (<c>io_err_io_hints</c>: <c>max_hw_discard_sectors = UINT_MAX</c>, granularity 512 bytes raised to the physical
/// block), write-zeroes are not (the target sets no <c>num_write_zeroes_bios</c>), and there is no write cache (no
/// <c>num_flush_bios</c>, so device-mapper neither advertises one nor sends the target flushes). An empty PREFLUSH
/// therefore completes successfully in the block layer before it reaches the target; one that reaches it anyway
/// is completed successfully too, since device-mapper would not have mapped it.</para>
/// <para>Its table and status text are empty: 6.12's error target has no status function.</para>
/// </remarks>
public sealed class ErrorDevice : BlockDeviceBase, ITargetText, IDeviceMapperTarget
{
    private readonly IErrorTargetObserver? _observer; // told about each failed bio, if anyone listens

    /// <summary>Creates an error target without a backing device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; a positive whole number of logical blocks.</param>
    /// <param name="limits">Its own limits before the kernel's error-target adjustments; <see cref="LimitStacking.StackingDefaults"/> when null.</param>
    /// <param name="observer">Told about each failed bio; null for nobody.</param>
    public ErrorDevice(string name, long capacitySectors, QueueLimits? limits = null, IErrorTargetObserver? observer = null)
        : base(name, capacitySectors, ErrorTargetLimits(limits, null), DeviceCompletionMode.Inline, scheduler: null)
    {
        _observer = observer;
    }

    /// <summary>Creates an error target that takes its limits from <paramref name="backing"/> (<c>error &lt;device&gt; &lt;offset&gt;</c>).</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; <paramref name="offsetSectors"/> + size must fit on <paramref name="backing"/>.</param>
    /// <param name="backing">The device whose limits it takes; no bio is ever sent to it.</param>
    /// <param name="offsetSectors">The area's start on <paramref name="backing"/>.</param>
    /// <param name="limits">Its own limits, stacked over the backing device's; <see cref="LimitStacking.StackingDefaults"/> when null.</param>
    /// <param name="observer">Told about each failed bio; null for nobody.</param>
    public ErrorDevice(string name, long capacitySectors, IBlockDevice backing, long offsetSectors, QueueLimits? limits = null,
        IErrorTargetObserver? observer = null)
        : base(name, capacitySectors, ErrorTargetLimits(limits, CheckedArea(backing, offsetSectors, capacitySectors)), DeviceCompletionMode.Inline, scheduler: null)
    {
        Backing = backing;
        OffsetSectors = offsetSectors;
        _observer = observer;
    }

    /// <summary>The device whose limits the target took, or null when the line named none.</summary>
    public IBlockDevice? Backing { get; }

    /// <summary>The area's start on <see cref="Backing"/>; 0 without one.</summary>
    public long OffsetSectors { get; }

    /// <inheritdoc />
    public long MaxIoLenSectors => 0;

    /// <summary>False: the target sets no <c>num_flush_bios</c>, so dm core never sends it a flush.</summary>
    public bool TakesFlushes => false;

    /// <inheritdoc />
    public string TargetType => "error";

    /// <inheritdoc />
    public string Table => string.Empty;

    /// <inheritdoc />
    public string Status => string.Empty;

    /// <summary>
    /// Builds an error target from a table line as 6.12's <c>io_err_ctr</c> does: with exactly two arguments they are
    /// <c>&lt;device&gt; &lt;offset&gt;</c> (refused with <c>Invalid device sector</c> or <c>Device lookup failed</c>); any
    /// other arguments are ignored.
    /// </summary>
    /// <param name="args">The line.</param>
    /// <param name="name">The name the device gets.</param>
    /// <param name="observer">Told about each failed bio; null for nobody.</param>
    /// <returns>The device, of the line's length.</returns>
    public static ErrorDevice FromTable(TargetArguments args, string name, IErrorTargetObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Args.Count != 2)
        {
            return new ErrorDevice(name, args.LengthSectors, null, observer);
        }

        long offset = args.KernelSector(1, "offset", "Invalid device sector");
        IBlockDevice backing = args.KernelDevice(0, "device", offset, "offset");
        return new ErrorDevice(name, args.LengthSectors, backing, offset, null, observer);
    }

    /// <inheritdoc />
    protected override BlkStatus Serve(Bio bio)
    {
        if (bio.Size == 0 && (bio.Flags & BioFlags.Preflush) != 0)
        {
            return BlkStatus.Ok; // device-mapper maps no flush to a target without num_flush_bios
        }

        _observer?.Failing(this, bio);
        return BlkStatus.IoError; // io_err_map: DM_MAPIO_KILL
    }

    // dm's limits for an error table (LimitStacking.ForTarget with the error target's traits: stacking defaults, or its
    // device's limits, then io_err_io_hints' discard), without a cache: with no num_flush_bios the table does not
    // support flushes, so dm_table_set_restrictions clears the write cache and FUA it would otherwise inherit.
    private static QueueLimits ErrorTargetLimits(QueueLimits? own, IBlockDevice? backing) =>
        (LimitStacking.ForTarget(TargetLimitTraits.Error, backing is null ? [] : [backing], own?.Validate("limits")) with
        {
            VolatileWriteCache = false,
            Fua = false,
        }).Validate("limits");

    private static IBlockDevice CheckedArea(IBlockDevice backing, long offsetSectors, long capacitySectors)
    {
        ArgumentNullException.ThrowIfNull(backing);
        ArgumentOutOfRangeException.ThrowIfNegative(offsetSectors);
        if (offsetSectors > backing.CapacitySectors - capacitySectors)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetSectors), offsetSectors,
                $"The area {offsetSectors}+{capacitySectors} runs past the end of '{backing.Name}' ({backing.CapacitySectors} sectors).");
        }

        return backing;
    }
}
