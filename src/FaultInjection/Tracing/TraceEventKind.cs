namespace DmIo.FaultInjection;

/// <summary>The kinds of line a trace holds (the <c>ev</c> field).</summary>
public enum TraceEventKind
{
    /// <summary><c>submit</c>: a bio entered a traced device.</summary>
    Submit,

    /// <summary><c>complete</c>: a traced device completed a bio.</summary>
    Complete,

    /// <summary><c>fault</c>: a fault device decided to inject a fault (one <see cref="FaultDecision"/>).</summary>
    Fault,

    /// <summary><c>choice</c>: a fault device drew a random choice.</summary>
    Choice,

    /// <summary><c>mark</c>: the workload noted something (a request's result, a crash).</summary>
    Mark,
}
