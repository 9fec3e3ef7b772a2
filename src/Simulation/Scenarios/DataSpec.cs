namespace DmIo.Simulation.Scenarios;

/// <summary>A description of bytes: a seeded pattern, a fill byte, explicit hex, another request's payload, or a digest.</summary>
/// <param name="Kind">Which of the fields below applies.</param>
/// <param name="PatternSeed">Seed of the pattern, for <see cref="DataKind.Pattern"/>.</param>
/// <param name="Fill">The byte, for <see cref="DataKind.Fill"/>.</param>
/// <param name="Hex">The bytes, for <see cref="DataKind.Hex"/>.</param>
/// <param name="Reference">The request id, for <see cref="DataKind.SameAs"/>; the digest text, for <see cref="DataKind.Digest"/>.</param>
public sealed record DataSpec(DataKind Kind, ulong PatternSeed = 0, byte Fill = 0, byte[]? Hex = null, string? Reference = null)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DataKind.Pattern => $"pattern {PatternSeed}",
        DataKind.Fill => $"fill 0x{Fill:x2}",
        DataKind.Hex => $"hex {Convert.ToHexStringLower(Hex ?? [])}",
        DataKind.SameAs => $"payload of {Reference}",
        _ => $"digest {Reference}",
    };
}
