namespace DmIo.FaultInjection;

/// <summary>
/// A seeded distribution of per-bio latencies in virtual nanoseconds. Every random draw goes through an
/// <see cref="IChoiceSource"/> under the purpose label the caller gives, so a replay can force the same latencies.
/// </summary>
public abstract class LatencyDistribution
{
    /// <summary>The number of distinct values a uniform [0, 1) draw can take (53 bits, a double's mantissa).</summary>
    protected const ulong UnitResolution = 1UL << 53;

    /// <summary>Draws one latency.</summary>
    /// <param name="choices">Where the random draws come from.</param>
    /// <param name="purpose">The stable label the draws are made under.</param>
    /// <returns>A latency in nanoseconds, never negative.</returns>
    public abstract long SampleNanoseconds(IChoiceSource choices, string purpose);

    /// <summary>Draws a double in [0, 1) with 53 random bits through <paramref name="choices"/>.</summary>
    /// <param name="choices">Where the draw comes from.</param>
    /// <param name="purpose">The label of the draw.</param>
    /// <returns>A uniformly distributed value in [0, 1).</returns>
    protected static double DrawUnit(IChoiceSource choices, string purpose) =>
        choices.Choose(purpose, UnitResolution) * (1.0 / UnitResolution);

    /// <summary>Converts a computed latency to whole nanoseconds, clamped to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The computed latency; NaN and infinity clamp to <paramref name="max"/>.</param>
    /// <param name="min">The smallest allowed result.</param>
    /// <param name="max">The largest allowed result.</param>
    /// <returns>The clamped latency.</returns>
    protected static long Clamp(double value, long min, long max)
    {
        if (double.IsNaN(value) || value >= max)
        {
            return max;
        }

        return value <= min ? min : (long)value;
    }
}
