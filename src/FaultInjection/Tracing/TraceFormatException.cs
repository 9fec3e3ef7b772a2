namespace DmIo.FaultInjection;

/// <summary>A trace could not be loaded: a line is malformed, out of sequence, or the trace is truncated.</summary>
public sealed class TraceFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="lineNumber">The 1-based line number of the bad line.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The JSON parser's error, if that is what found it.</param>
    public TraceFormatException(int lineNumber, string problem, Exception? innerException = null)
        : base($"trace line {lineNumber}: {problem}", innerException)
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The 1-based line number of the bad line (its step is one less).</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
