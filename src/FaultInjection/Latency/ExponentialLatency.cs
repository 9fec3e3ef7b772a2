namespace DmIo.FaultInjection;

/// <summary>
/// A minimum service time plus an exponentially distributed wait (a queue in front of a device): most bios finish
/// near the minimum, a few much later. The result is capped so one draw cannot stall a run for virtual years.
/// </summary>
public sealed class ExponentialLatency : LatencyDistribution
{
    /// <summary>Creates an exponential latency.</summary>
    /// <param name="minimumNanoseconds">The service time every bio takes at least; not negative.</param>
    /// <param name="meanExtraNanoseconds">The mean of the exponential part added to it; positive.</param>
    /// <param name="capNanoseconds">The largest latency returned; at least the minimum. Defaults to minimum + 50 x mean.</param>
    public ExponentialLatency(long minimumNanoseconds, long meanExtraNanoseconds, long? capNanoseconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumNanoseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(meanExtraNanoseconds, 1);
        long cap = capNanoseconds ?? checked(minimumNanoseconds + (50 * meanExtraNanoseconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, minimumNanoseconds, nameof(capNanoseconds));
        MinimumNanoseconds = minimumNanoseconds;
        MeanExtraNanoseconds = meanExtraNanoseconds;
        CapNanoseconds = cap;
    }

    /// <summary>The service time every bio takes at least.</summary>
    public long MinimumNanoseconds { get; }

    /// <summary>The mean of the exponential part.</summary>
    public long MeanExtraNanoseconds { get; }

    /// <summary>The largest latency returned.</summary>
    public long CapNanoseconds { get; }

    /// <inheritdoc />
    public override long SampleNanoseconds(IChoiceSource choices, string purpose)
    {
        // Inverse transform: -ln(1 - u) is exponential with mean 1; 1 - u is in (0, 1], so the log is finite.
        double u = DrawUnit(choices, purpose);
        double extra = -Math.Log(1.0 - u) * MeanExtraNanoseconds;
        return Clamp(MinimumNanoseconds + extra, MinimumNanoseconds, CapNanoseconds);
    }

    /// <inheritdoc />
    public override string ToString() => $"exponential(min={MinimumNanoseconds}ns, mean+={MeanExtraNanoseconds}ns, cap={CapNanoseconds}ns)";
}
