using DmIo.FaultInjection;

namespace DmIo.Simulation.Running;

/// <summary>
/// The face a named scenario device shows to the engine: it traces every bio's submission and completion (when the run
/// records a trace), notes each one as a <see cref="BioSpan"/> (tagged with the request step that issued it) and, on
/// request, keeps write payloads. It changes nothing: bios go down as they came and complete with the lower device's status.
/// </summary>
internal sealed class ObservedDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;     // the scenario device itself
    private readonly TraceRecorder? _trace;   // the run's trace, or null when it is not recorded
    private readonly BioSpanLog _spans;       // where spans go

    public ObservedDevice(string name, IBlockDevice lower, TraceRecorder? trace, BioSpanLog spans)
    {
        Name = name;
        _lower = lower;
        _trace = trace;
        _spans = spans;
    }

    public string Name { get; }

    public long CapacitySectors => _lower.CapacitySectors;

    public QueueLimits Limits => _lower.Limits;

    public IBlockDevice Lower => _lower;

    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        BioSpan span = _spans.Begin(Name, bio);
        _trace?.Submitted(Name, bio);
        // The very bio goes on with its completion hooked (dm_hook_bio), so the device below splits, advances and
        // completes what the engine issued; a clone here would hide that from the engine's zero-fill.
        new Hooked(this, span).Attach(bio);
        BlockLayer.Submit(_lower, bio);
    }

    /// <summary>Ends the span and traces the completion of the bio it is attached to.</summary>
    private sealed class Hooked(ObservedDevice device, BioSpan span) : BioCompletionHook
    {
        protected override void Completed(Bio asSubmitted, BlkStatus status)
        {
            device._spans.End(span, status);
            device._trace?.Completed(device.Name, asSubmitted, status);
        }
    }
}
