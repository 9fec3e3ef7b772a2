namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>A test device that completes every bio inline with one fixed status.</summary>
/// <param name="name">The device's name.</param>
/// <param name="capacitySectors">Its size.</param>
/// <param name="status">The status every bio gets.</param>
public sealed class FixedStatusDevice(string name, long capacitySectors, BlkStatus status) : IBlockDevice
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public long CapacitySectors { get; } = capacitySectors;

    /// <inheritdoc />
    public QueueLimits Limits { get; } = QueueLimits.Default;

    /// <inheritdoc />
    public void Submit(Bio bio) => bio.Complete(status);
}
