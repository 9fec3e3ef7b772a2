namespace DmIo.FaultInjection;

/// <summary>A latency drawn uniformly from [minimum, maximum] nanoseconds, both inclusive; one draw per bio.</summary>
public sealed class UniformLatency : LatencyDistribution
{
    /// <summary>Creates a uniform latency.</summary>
    /// <param name="minimumNanoseconds">The smallest latency; not negative.</param>
    /// <param name="maximumNanoseconds">The largest latency; at least the minimum.</param>
    public UniformLatency(long minimumNanoseconds, long maximumNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumNanoseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumNanoseconds, minimumNanoseconds);
        ArgumentOutOfRangeException.ThrowIfEqual(maximumNanoseconds, long.MaxValue);
        MinimumNanoseconds = minimumNanoseconds;
        MaximumNanoseconds = maximumNanoseconds;
    }

    /// <summary>The smallest latency.</summary>
    public long MinimumNanoseconds { get; }

    /// <summary>The largest latency.</summary>
    public long MaximumNanoseconds { get; }

    /// <inheritdoc />
    public override long SampleNanoseconds(IChoiceSource choices, string purpose) =>
        MinimumNanoseconds + (long)choices.Choose(purpose, (ulong)(MaximumNanoseconds - MinimumNanoseconds) + 1);

    /// <inheritdoc />
    public override string ToString() => $"uniform({MinimumNanoseconds}ns..{MaximumNanoseconds}ns)";
}
