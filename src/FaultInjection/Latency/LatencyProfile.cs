namespace DmIo.FaultInjection;

/// <summary>
/// Which latency distribution each kind of bio gets. Unset kinds fall back to <see cref="Default"/>; an empty
/// flush (a write with PREFLUSH and no data) counts as <see cref="Flush"/>, not as a write.
/// </summary>
public sealed record LatencyProfile
{
    /// <summary>The distribution for every kind not given its own; zero latency unless set.</summary>
    public LatencyDistribution Default { get; init; } = new FixedLatency(0);

    /// <summary>The distribution for reads, or null for <see cref="Default"/>.</summary>
    public LatencyDistribution? Read { get; init; }

    /// <summary>The distribution for writes with data, or null for <see cref="Default"/>.</summary>
    public LatencyDistribution? Write { get; init; }

    /// <summary>The distribution for empty flushes, or null for <see cref="Default"/>.</summary>
    public LatencyDistribution? Flush { get; init; }

    /// <summary>The distribution for discards, or null for <see cref="Default"/>.</summary>
    public LatencyDistribution? Discard { get; init; }

    /// <summary>The distribution for write-zeroes, or null for <see cref="Default"/>.</summary>
    public LatencyDistribution? WriteZeroes { get; init; }

    /// <summary>A profile giving every bio the same distribution.</summary>
    /// <param name="distribution">The distribution.</param>
    /// <returns>The profile.</returns>
    public static LatencyProfile All(LatencyDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return new LatencyProfile { Default = distribution };
    }

    /// <summary>Returns the distribution <paramref name="bio"/> gets and the label its draws are made under.</summary>
    /// <param name="bio">The bio.</param>
    /// <returns>The distribution and a kind name (read, write, flush, discard, write_zeroes).</returns>
    public (LatencyDistribution Distribution, string Kind) For(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        return bio.Operation switch
        {
            BioOperation.Read => (Read ?? Default, "read"),
            BioOperation.Write when bio.Size == 0 => (Flush ?? Default, "flush"),
            BioOperation.Write => (Write ?? Default, "write"),
            BioOperation.Discard => (Discard ?? Default, "discard"),
            BioOperation.WriteZeroes => (WriteZeroes ?? Default, "write_zeroes"),
            _ => (Default, "other"),
        };
    }
}
