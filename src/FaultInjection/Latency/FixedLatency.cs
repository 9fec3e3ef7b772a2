namespace DmIo.FaultInjection;

/// <summary>The same latency for every bio; draws nothing, so it never perturbs the choice sequence.</summary>
public sealed class FixedLatency : LatencyDistribution
{
    /// <summary>Creates a fixed latency.</summary>
    /// <param name="nanoseconds">The latency; not negative.</param>
    public FixedLatency(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        Nanoseconds = nanoseconds;
    }

    /// <summary>The latency every bio gets.</summary>
    public long Nanoseconds { get; }

    /// <inheritdoc />
    public override long SampleNanoseconds(IChoiceSource choices, string purpose) => Nanoseconds;

    /// <inheritdoc />
    public override string ToString() => $"fixed({Nanoseconds}ns)";
}
