namespace DmIo.FaultInjection;

/// <summary>
/// A heavy-tailed latency (Pareto type I): at least <see cref="ScaleNanoseconds"/>, with a tail whose weight the
/// shape sets (smaller shape, heavier tail; below 2 the variance is infinite). Capped, because an uncapped tail
/// could schedule a completion past the end of any run.
/// </summary>
public sealed class ParetoLatency : LatencyDistribution
{
    /// <summary>Creates a Pareto latency.</summary>
    /// <param name="scaleNanoseconds">The smallest latency; positive.</param>
    /// <param name="shape">The tail index alpha; positive and finite (1.1 to 3 is typical of disks and networks).</param>
    /// <param name="capNanoseconds">The largest latency returned; at least the scale.</param>
    public ParetoLatency(long scaleNanoseconds, double shape, long capNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scaleNanoseconds, 1);
        if (!double.IsFinite(shape) || shape <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The shape must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capNanoseconds, scaleNanoseconds);
        ScaleNanoseconds = scaleNanoseconds;
        Shape = shape;
        CapNanoseconds = capNanoseconds;
    }

    /// <summary>The smallest latency.</summary>
    public long ScaleNanoseconds { get; }

    /// <summary>The tail index alpha.</summary>
    public double Shape { get; }

    /// <summary>The largest latency returned.</summary>
    public long CapNanoseconds { get; }

    /// <inheritdoc />
    public override long SampleNanoseconds(IChoiceSource choices, string purpose)
    {
        // Inverse transform: scale / (1 - u)^(1/alpha); 1 - u is in (0, 1], so the result is at least the scale.
        double u = DrawUnit(choices, purpose);
        double value = ScaleNanoseconds / Math.Pow(1.0 - u, 1.0 / Shape);
        return Clamp(value, ScaleNanoseconds, CapNanoseconds);
    }

    /// <inheritdoc />
    public override string ToString() => $"pareto(scale={ScaleNanoseconds}ns, shape={Shape}, cap={CapNanoseconds}ns)";
}
