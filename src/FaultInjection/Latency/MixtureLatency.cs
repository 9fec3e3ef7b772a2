namespace DmIo.FaultInjection;

/// <summary>
/// Mostly one distribution, occasionally another: "fast path with a slow tail" (a cache hit versus a seek, a
/// healthy disk versus a retry). One draw picks the branch, then the chosen distribution draws its latency.
/// </summary>
public sealed class MixtureLatency : LatencyDistribution
{
    /// <summary>The denominator of <see cref="TailPartsPerBillion"/>.</summary>
    public const ulong Billion = 1_000_000_000;

    /// <summary>Creates a mixture.</summary>
    /// <param name="body">The usual latency.</param>
    /// <param name="tail">The occasional latency.</param>
    /// <param name="tailPartsPerBillion">How often the tail is taken, out of 1,000,000,000 (as dm-flakey counts probabilities).</param>
    public MixtureLatency(LatencyDistribution body, LatencyDistribution tail, ulong tailPartsPerBillion)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(tail);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tailPartsPerBillion, Billion);
        Body = body;
        Tail = tail;
        TailPartsPerBillion = tailPartsPerBillion;
    }

    /// <summary>The usual latency.</summary>
    public LatencyDistribution Body { get; }

    /// <summary>The occasional latency.</summary>
    public LatencyDistribution Tail { get; }

    /// <summary>How often the tail is taken, out of 1,000,000,000.</summary>
    public ulong TailPartsPerBillion { get; }

    /// <inheritdoc />
    public override long SampleNanoseconds(IChoiceSource choices, string purpose)
    {
        bool tail = choices.Choose(purpose + ":tail", Billion) < TailPartsPerBillion;
        return tail ? Tail.SampleNanoseconds(choices, purpose) : Body.SampleNanoseconds(choices, purpose);
    }

    /// <inheritdoc />
    public override string ToString() => $"mixture({Body} | {TailPartsPerBillion}/1e9 {Tail})";
}
