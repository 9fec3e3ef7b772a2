using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Running;

/// <summary>Turns a <see cref="DataSpec"/> into bytes of a given length. The rules are part of the scenario contract.</summary>
public static class DataBytes
{
    /// <summary>
    /// The seed of a write's default payload: the scenario seed mixed with the step index (SplitMix64 finaliser of
    /// <c>seed + (index + 1) * 0x9E3779B97F4A7C15</c>), so each request writes different bytes and a new seed changes them all.
    /// </summary>
    /// <param name="scenarioSeed">The scenario's seed.</param>
    /// <param name="stepIndex">The step's index.</param>
    /// <returns>The pattern seed.</returns>
    public static ulong DefaultPatternSeed(ulong scenarioSeed, int stepIndex)
    {
        ulong z = scenarioSeed + ((ulong)(stepIndex + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Produces <paramref name="length"/> bytes as <paramref name="spec"/> describes.</summary>
    /// <param name="spec">A pattern (bytes of <c>DeterministicRandom(seed).NextBytes</c>), a fill byte, or hex repeated to the length.</param>
    /// <param name="length">How many bytes.</param>
    /// <param name="payloadOf">Looks up another request's payload, for <see cref="DataKind.SameAs"/>.</param>
    /// <returns>The bytes, or null for a digest (which has no bytes).</returns>
    public static byte[]? Of(DataSpec spec, long length, Func<string, byte[]>? payloadOf = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength); // the loader's request cap keeps runs far below
        byte[] bytes = new byte[length];
        switch (spec.Kind)
        {
            case DataKind.Pattern:
                new DeterministicRandom(spec.PatternSeed).NextBytes(bytes);
                return bytes;
            case DataKind.Fill:
                Array.Fill(bytes, spec.Fill);
                return bytes;
            case DataKind.Hex:
                for (long i = 0; i < length; i++)
                {
                    bytes[i] = spec.Hex![i % spec.Hex.Length];
                }

                return bytes;
            case DataKind.SameAs:
                byte[] source = payloadOf?.Invoke(spec.Reference!) ?? throw new InvalidOperationException($"No payload for request '{spec.Reference}'.");
                Array.Copy(source, bytes, Math.Min(source.Length, length));
                return bytes;
            default:
                return null;
        }
    }
}
