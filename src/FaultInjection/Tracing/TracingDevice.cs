namespace DmIo.FaultInjection;

/// <summary>
/// Writes every bio that passes into another device, and its completion, to a <see cref="TraceRecorder"/>.
/// It changes nothing: bios go down as they came and complete with the status the lower device gave.
/// Put one at each boundary you want to see (usually directly under the engine).
/// </summary>
public sealed class TracingDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;     // where bios really go
    private readonly TraceRecorder _trace;    // where lines are written

    /// <summary>Creates a tracing device over <paramref name="lower"/>.</summary>
    /// <param name="name">The name lines carry in their <c>dev</c> field.</param>
    /// <param name="lower">The device beneath.</param>
    /// <param name="trace">The recorder.</param>
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
        BlockLayer.Submit(_lower, ChildBios.Forward(bio, bio.Sector, new BioEndIoAction(child =>
        {
            var parent = (Bio)child.Private!;
            _trace.Completed(Name, parent, child.Status);
            parent.Complete(child.Status);
        })));
    }
}
