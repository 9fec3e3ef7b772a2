namespace DmIo.FaultInjection;

/// <summary>One parsed line of a trace. Every line keeps its exact text, which is what replay compares.</summary>
/// <param name="Step">The line's index in the trace, from 0 (its <c>step</c> field).</param>
/// <param name="TimeNanoseconds">The scheduler time the line was written (its <c>t</c> field).</param>
/// <param name="Kind">The kind of event (its <c>ev</c> field).</param>
/// <param name="Line">The line's exact text, without its newline.</param>
/// <param name="Choice">For <see cref="TraceEventKind.Choice"/> lines, the recorded choice; otherwise null.</param>
public sealed record TraceEvent(int Step, long TimeNanoseconds, TraceEventKind Kind, string Line, RecordedChoice? Choice);
