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
        var child = new Bio();
        var context = new Forwarded(this, bio, span);
        child.Init(bio.Operation, bio.Flags, bio.Sector, context);
        child.Id = bio.Id;
        child.Priority = bio.Priority;
        if (bio.SegmentCount == 0)
        {
            child.SetDatalessSize(bio.Size);
        }
        else
        {
            foreach (Memory<byte> segment in bio.Segments)
            {
                if (!child.TryAddSegment(segment))
                {
                    throw new InvalidOperationException($"A forwarded bio cannot hold the parent's {bio.SegmentCount} segments.");
                }
            }
        }

        BlockLayer.Submit(_lower, child);
    }

    private void Finish(Bio parent, BioSpan span, BlkStatus status)
    {
        _spans.End(span, status);
        _trace.Completed(Name, parent, status);
        parent.Complete(status);
    }

    /// <summary>Carries a forwarded bio's parent and span to its completion.</summary>
    private sealed class Forwarded(ObservedDevice device, Bio parent, BioSpan span) : IBioEndIo
    {
        public void EndIo(Bio bio) => device.Finish(parent, span, bio.Status);
    }
}
