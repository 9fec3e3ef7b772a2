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
        if (spec.Kind == DataKind.Digest)
        {
            return null;
        }

        byte[] bytes = new byte[length];
        Write(spec, bytes, payloadOf is null ? null : id => payloadOf(id));
        return bytes;
    }

    /// <summary>
    /// Writes the bytes <paramref name="spec"/> describes over all of <paramref name="destination"/>, as
    /// <see cref="Of"/> would return them for its length, without allocating them (a sweep writes a payload per
    /// request of every seed).
    /// </summary>
    /// <param name="spec">The data; not a digest.</param>
    /// <param name="destination">Where the bytes go; its length is the data's length.</param>
    /// <param name="payloadOf">Looks up another request's payload, for <see cref="DataKind.SameAs"/>.</param>
    /// <returns>False for a digest (which has no bytes; <paramref name="destination"/> is left alone), else true.</returns>
    public static bool Write(DataSpec spec, Span<byte> destination, Func<string, ReadOnlyMemory<byte>>? payloadOf = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.Kind)
        {
            case DataKind.Pattern:
                new DeterministicRandom(spec.PatternSeed).NextBytes(destination);
                return true;
            case DataKind.Fill:
                destination.Fill(spec.Fill);
                return true;
            case DataKind.Hex:
                byte[] hex = spec.Hex!;
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = hex[i % hex.Length];
                }

                return true;
            case DataKind.SameAs:
                ReadOnlySpan<byte> source = (payloadOf ?? throw new InvalidOperationException($"No payload for request '{spec.Reference}'.")).Invoke(spec.Reference!).Span;
                int common = Math.Min(source.Length, destination.Length);
                source[..common].CopyTo(destination);
                destination[common..].Clear(); // zeros past the source's end
                return true;
            default:
                return false;
        }
    }
}
