using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices;

/// <summary>
/// The kernel's <c>zero</c> target (dm-zero): every read returns zeros and every write, discard and
/// write-zeroes succeeds and is thrown away. Table syntax: <c>&lt;start&gt; &lt;length&gt; zero</c>.
/// Useful as a bottomless sink and as the zero-filled backdrop of a sparse table. 6.12's dm-zero has no status
/// function, so its table and status text are both empty.
/// </summary>
public sealed class ZeroDevice : BlockDeviceBase, ITargetText
{
    /// <summary>Creates a zero device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; a positive whole number of logical blocks.</param>
    /// <param name="limits">Its queue limits; <see cref="QueueLimits.Default"/> when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    public ZeroDevice(string name, long capacitySectors, QueueLimits? limits = null, DeviceCompletionMode completion = DeviceCompletionMode.Inline,
        IIoScheduler? scheduler = null)
        : base(name, capacitySectors, limits, completion, scheduler)
    {
    }

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
