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
        var hook = new CompletionHook(this, bio);
        bio.EndIoHandler = hook;
        BlockLayer.Submit(_lower, bio);
    }

    /// <summary>
    /// Restores the bio's own completion handler once it completes, after tracing the completion against a view of
    /// the bio as it was submitted (the device below may have advanced its iterator, or the block layer stripped flags).
    /// </summary>
    private sealed class CompletionHook : IBioEndIo
    {
        private readonly TracingDevice _device; // whose trace gets the line
        private readonly IBioEndIo _saved;      // the bio's own handler
        private readonly Bio _asSubmitted = new(); // sector, size, flags and memory at submission

        public CompletionHook(TracingDevice device, Bio bio)
        {
            _device = device;
            _saved = bio.EndIoHandler;
            _asSubmitted.Init(bio.Operation, bio.Flags, bio.Sector, this, vecCapacity: 0);
            _asSubmitted.CloneRangeOf(bio, 0, bio.Size);
            _asSubmitted.Id = bio.Id;
        }

        public void EndIo(Bio bio)
        {
            bio.EndIoHandler = _saved;
            _device._trace.Completed(_device.Name, _asSubmitted, bio.Status);
            _saved.EndIo(bio);
        }
    }
}
