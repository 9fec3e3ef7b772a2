namespace DmIo.FaultInjection;

/// <summary>
/// A transparent observer in front of a device: it records each bio's submission and completion in a
/// <see cref="TraceRecorder"/> and passes the very same bio on (hooking its completion, as dm's <c>dm_hook_bio</c>
/// does), so the device below splits, advances and completes the bio the caller issued exactly as if the tracer
/// were not there; what a failed read's zero-fill reaches does not change because a device is traced.
/// </summary>
public sealed class TracingDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;     // where bios really go
    private readonly TraceRecorder _trace;    // where lines are written

    /// <summary>Creates a tracer named <paramref name="name"/> in front of <paramref name="lower"/>.</summary>
    /// <param name="name">The name trace lines carry.</param>
    /// <param name="lower">The device bios go to.</param>
    /// <param name="trace">Where lines are written.</param>
    public TracingDevice(string name, IBlockDevice lower, TraceRecorder trace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(trace);
        Name = name;
        _lower = lower;
        _trace = trace;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors => _lower.CapacitySectors;

    /// <inheritdoc />
    public QueueLimits Limits => _lower.Limits;

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        _trace.Submitted(Name, bio);
        new TraceHook(this).Attach(bio);
        BlockLayer.Submit(_lower, bio);
    }

    /// <summary>Traces the completion of the bio it is attached to.</summary>
    private sealed class TraceHook(TracingDevice device) : BioCompletionHook
    {
        protected override void Completed(Bio asSubmitted, BlkStatus status) => device._trace.Completed(device.Name, asSubmitted, status);
    }
}
