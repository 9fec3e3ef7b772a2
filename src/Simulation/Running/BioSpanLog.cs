namespace DmIo.Simulation.Running;

/// <summary>
/// Collects the <see cref="BioSpan"/>s of a run, in submission order, numbers completions, and places submissions and
/// completions in the run's <see cref="RunSequence"/> (shared with other logs and with mark steps).
/// </summary>
internal sealed class BioSpanLog(IIoScheduler scheduler, bool capturePayloads, RunSequence sequence)
{
    private readonly List<BioSpan> _spans = [];  // in submission order
    private readonly Dictionary<int, List<BioSpan>> _byStep = []; // the same spans by request step, each in submission order
    private long _completions;                   // completions so far

    /// <summary>The request step whose bios are being submitted now, or -1.</summary>
    public int CurrentStep { get; set; } = -1;

    /// <summary>False to hand out spans without keeping them (<see cref="ScenarioRun.StopKeepingBios"/>).</summary>
    public bool Keep { get; set; } = true;

    public IReadOnlyList<BioSpan> Spans => _spans;

    /// <summary>The spans of one request step, in submission order (a request's outcome looks only at its own).</summary>
    /// <param name="step">The step's index.</param>
    /// <returns>Its spans; empty when it issued none.</returns>
    public IReadOnlyList<BioSpan> OfStep(int step) => _byStep.TryGetValue(step, out List<BioSpan>? spans) ? spans : [];

    public BioSpan Begin(string device, Bio bio)
    {
        byte[]? payload = null;
        if (capturePayloads && bio.Operation == BioOperation.Write && bio.Size > 0)
        {
            payload = new byte[bio.Size];
            bio.CopyFromSegments(payload);
        }

        var span = new BioSpan
        {
            Device = device,
            BioId = bio.Id,
            Operation = bio.Operation,
            Flags = bio.Flags,
            Sector = bio.Sector,
            Count = bio.SectorCount,
            Step = CurrentStep,
            SubmitNanoseconds = scheduler.NowNanoseconds,
            Payload = payload,
            SubmitSequence = sequence.Next(),
        };
        if (!Keep)
        {
            return span;
        }

        _spans.Add(span);
        if (!_byStep.TryGetValue(span.Step, out List<BioSpan>? ofStep))
        {
            _byStep[span.Step] = ofStep = [];
        }

        ofStep.Add(span);
        return span;
    }

    public void End(BioSpan span, BlkStatus status)
    {
        span.CompleteNanoseconds = scheduler.NowNanoseconds;
        span.CompletionOrder = _completions++;
        span.CompleteSequence = sequence.Next();
        span.Status = status;
    }
}
