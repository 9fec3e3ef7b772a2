namespace DmIo.FaultInjection;

/// <summary>
/// A replayed or repeated run stopped agreeing with its reference trace. The message names the step (0-based line
/// index) and shows the expected and actual lines, so the first difference is all one needs to read.
/// </summary>
public sealed class TraceDivergenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">The 0-based step at which the runs first differ.</param>
    /// <param name="expected">What the reference had there (or a description such as <c>end of trace</c>).</param>
    /// <param name="actual">What the run produced there.</param>
    public TraceDivergenceException(int step, string expected, string actual)
        : base($"Trace diverged at step {step} (line {step + 1}):\n  expected: {expected}\n  actual:   {actual}")
    {
        Step = step;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The 0-based step at which the runs first differ.</summary>
    public int Step { get; }

    /// <summary>What the reference had at that step.</summary>
    public string Expected { get; }

    /// <summary>What the run produced at that step.</summary>
    public string Actual { get; }
}
