using DmIo.FaultInjection;

namespace DmIo.Simulation.Running;

/// <summary>
/// The face a named scenario device shows to the engine: it traces every bio's submission and completion, notes
/// each one as a <see cref="BioSpan"/> (tagged with the request step that issued it) and, on request, keeps write
/// payloads. It changes nothing: bios go down as they came and complete with the lower device's status.
/// </summary>
internal sealed class ObservedDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;     // the scenario device itself
    private readonly TraceRecorder _trace;    // the run's trace
    private readonly BioSpanLog _spans;       // where spans go

    public ObservedDevice(string name, IBlockDevice lower, TraceRecorder trace, BioSpanLog spans)
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
        _trace.Submitted(Name, bio);
        // The very bio goes on with its completion hooked (dm_hook_bio), so the device below splits, advances and
        // completes what the engine issued; a clone here would hide that from the engine's zero-fill.
        bio.EndIoHandler = new Hooked(this, bio, span);
        BlockLayer.Submit(_lower, bio);
    }

    /// <summary>
    /// Carries a bio's own completion handler, its span and a view of it as submitted (sector, size, flags, memory:
    /// the device below may advance it or strip flags) to its completion, then gives the bio back to its handler.
    /// </summary>
    private sealed class Hooked : IBioEndIo
    {
        private readonly ObservedDevice _device;   // whose span and trace record the completion
        private readonly IBioEndIo _saved;         // the bio's own handler
        private readonly BioSpan _span;            // the span begun at submission
        private readonly Bio _asSubmitted = new(); // the bio as it was submitted

        public Hooked(ObservedDevice device, Bio bio, BioSpan span)
        {
            _device = device;
            _saved = bio.EndIoHandler;
            _span = span;
            _asSubmitted.Init(bio.Operation, bio.Flags, bio.Sector, this, vecCapacity: 0);
            _asSubmitted.CloneRangeOf(bio, 0, bio.Size);
            _asSubmitted.Id = bio.Id;
            _asSubmitted.Priority = bio.Priority;
        }

        public void EndIo(Bio bio)
        {
            bio.EndIoHandler = _saved;
            _device._spans.End(_span, bio.Status);
            _device._trace.Completed(_device.Name, _asSubmitted, bio.Status);
            _saved.EndIo(bio);
        }
    }
}
