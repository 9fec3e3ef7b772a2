using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices;

/// <summary>
/// The kernel's <c>zero</c> target (dm-zero): every read returns zeros and every write, discard and
/// write-zeroes succeeds and is thrown away. Table syntax: <c>&lt;start&gt; &lt;length&gt; zero</c>.
/// Useful as a bottomless sink and as the zero-filled backdrop of a sparse table. Built without limits it shows
/// what a one-line <c>zero</c> table shows on 6.12 (<see cref="DefaultLimits"/>).
/// Useful as a bottomless sink and as the zero-filled backdrop of a sparse table. 6.12's dm-zero has no status
/// function, so its table and status text are both empty.
/// </summary>
public sealed class ZeroDevice : BlockDeviceBase, ITargetText, IDeviceMapperTarget
{
    /// <summary>Creates a zero device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; a positive whole number of logical blocks.</param>
    /// <param name="limits">Its queue limits; <see cref="DefaultLimits"/> when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    public ZeroDevice(string name, long capacitySectors, QueueLimits? limits = null, DeviceCompletionMode completion = DeviceCompletionMode.Inline,
        IIoScheduler? scheduler = null)
        : base(name, capacitySectors, limits ?? DefaultLimits, completion, scheduler)
    {
    }

    /// <summary>
    /// A <c>zero</c> table's limits (<see cref="LimitStacking.ForTarget"/> with <see cref="TargetLimitTraits.Zero"/> and no
    /// device): <c>max_sectors</c> 2560 (<c>max_sectors_kb</c> 1280) under a <c>max_hw_sectors</c> of 4294967295, 65535
    /// segments of up to 4294967295 bytes, 512/512 block sizes, discard of 4294967295 sectors in 512-byte granules, no
    /// write-zeroes, no cache.
    /// </summary>
    public static QueueLimits DefaultLimits { get; } = LimitStacking.ForTarget(TargetLimitTraits.Zero, []);

    /// <inheritdoc />
    public long MaxIoLenSectors => 0;

    /// <summary>False: the target sets no <c>num_flush_bios</c>, so dm core never sends it a flush.</summary>
    public bool TakesFlushes => false;

    /// <inheritdoc />
    public string TargetType => "zero";

    /// <inheritdoc />
    public string Table => string.Empty;

    /// <inheritdoc />
    public string Status => string.Empty;

    /// <inheritdoc />
    protected override BlkStatus Serve(Bio bio)
    {
        if (bio.Operation == BioOperation.Read)
        {
            bio.ZeroFill();
        }

        return BlkStatus.Ok;
    }
}
