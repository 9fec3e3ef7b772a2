namespace DmIo.Simulation.Workloads;

/// <summary>
/// The draws the workload and scenario generators make (inclusive integer ranges, weighted coins, picks), all from one
/// <see cref="DeterministicRandom"/>, so a seed fixes every choice and the order of draws is the only thing that matters.
/// </summary>
/// <param name="source">The seeded source every draw comes from.</param>
public sealed class WorkloadRandom(DeterministicRandom source)
{
    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], both included.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value; not below <paramref name="min"/>.</param>
    /// <returns>A uniformly drawn value.</returns>
    public int Int(int min, int max) => (int)Long(min, max);

    /// <summary>A 64-bit integer in [<paramref name="min"/>, <paramref name="max"/>], both included.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value; not below <paramref name="min"/> and below <see cref="long.MaxValue"/>.</param>
    /// <returns>A uniformly drawn value.</returns>
    public long Long(long min, long max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        return min == max ? min : source.NextInRange(min, max + 1);
    }

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    /// <param name="probability">From 0 (never) to 1 (always).</param>
    /// <returns>The coin's side.</returns>
    public bool Bool(double probability) => source.NextDouble() < probability;

    /// <summary>One element of <paramref name="items"/>, each equally likely.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">A non-empty list.</param>
    /// <returns>The element drawn.</returns>
    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentOutOfRangeException.ThrowIfZero(items.Count);
        return items[Int(0, items.Count - 1)];
    }
}
