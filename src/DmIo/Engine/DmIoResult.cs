namespace DmIo;

/// <summary>The outcome of a request awaited through <see cref="DmIoClient.ExecuteAsync"/>.</summary>
/// <param name="ReturnCode">0, or a negative errno: -EIO when any region failed or a multi-region read was refused.</param>
/// <param name="ErrorBits">Bit i set iff region i failed.</param>
public readonly record struct DmIoResult(int ReturnCode, ulong ErrorBits)
{
    /// <summary>True when the request succeeded on every region.</summary>
    public bool Succeeded => ReturnCode == 0 && ErrorBits == 0;

    /// <summary>True when region <paramref name="region"/> failed.</summary>
    /// <param name="region">The region index, 0..63.</param>
    /// <returns>Whether its bit is set.</returns>
    public bool RegionFailed(int region) => ((ErrorBits >> region) & 1) != 0;
}
