namespace DmIo.VirtualDevices;

/// <summary>
/// The kernel's <c>error</c> target in its plainest form: every bio fails with an I/O error. Table syntax:
/// <c>&lt;start&gt; &lt;length&gt; error</c>. The kernel builds this target into device-mapper's core (it is not a
/// fault-injection module), so the table parser here registers it by default and tables that use
/// <c>error</c> work without the fault-injection library. That library's <c>ErrorDevice</c>, which also
/// records what it failed, can take its place with <see cref="Tables.TargetRegistry.Replace"/>.
/// </summary>
public sealed class ErrorTargetDevice : BlockDeviceBase
{
    /// <summary>Creates an error device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; a positive whole number of logical blocks.</param>
    /// <param name="limits">Its queue limits; <see cref="DefaultLimits"/> when null.</param>
    public ErrorTargetDevice(string name, long capacitySectors, QueueLimits? limits = null)
        : base(name, capacitySectors, limits ?? DefaultLimits, DeviceCompletionMode.Inline, scheduler: null)
    {
    }

    /// <summary>
    /// A device-less <c>error</c> table's limits (<see cref="LimitStacking.ForTarget"/> with
    /// <see cref="TargetLimitTraits.Error"/>): the same as the zero target's, <see cref="ZeroDevice.DefaultLimits"/>.
    /// </summary>
    public static QueueLimits DefaultLimits { get; } = LimitStacking.ForTarget(TargetLimitTraits.Error, []);

    /// <inheritdoc />
    protected override BlkStatus Serve(Bio bio) => BlkStatus.IoError;
}
