namespace DmIo.FaultInjection;

/// <summary>Compares two traces line by line and reports the first step at which they differ.</summary>
public static class TraceComparer
{
    /// <summary>Finds the first difference between <paramref name="expected"/> and <paramref name="actual"/>.</summary>
    /// <param name="expected">The reference lines (without newlines).</param>
    /// <param name="actual">The run's lines.</param>
    /// <returns>Null when identical; otherwise the step and both lines (<c>end of trace</c> where one ran out).</returns>
    public static TraceDivergenceException? FirstDivergence(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        int common = Math.Min(expected.Count, actual.Count);
        for (int step = 0; step < common; step++)
        {
            if (!string.Equals(expected[step], actual[step], StringComparison.Ordinal))
            {
                return new TraceDivergenceException(step, expected[step], actual[step]);
            }
        }

        return expected.Count == actual.Count
            ? null
            : new TraceDivergenceException(common,
                common < expected.Count ? expected[common] : "end of trace",
                common < actual.Count ? actual[common] : "end of trace");
    }

    /// <summary>Compares a loaded reference trace with a run's lines.</summary>
    /// <param name="expected">The reference.</param>
    /// <param name="actual">The run's lines.</param>
    /// <returns>As <see cref="FirstDivergence(IReadOnlyList{string}, IReadOnlyList{string})"/>.</returns>
    public static TraceDivergenceException? FirstDivergence(TraceLog expected, IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return FirstDivergence([.. expected.Events.Select(e => e.Line)], actual);
    }

    /// <summary>Throws the first difference, if any.</summary>
    /// <param name="expected">The reference lines.</param>
    /// <param name="actual">The run's lines.</param>
    /// <exception cref="TraceDivergenceException">The traces differ.</exception>
    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        TraceDivergenceException? divergence = FirstDivergence(expected, actual);
        if (divergence is not null)
        {
            throw divergence;
        }
    }
}
