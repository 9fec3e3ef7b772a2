using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Running;

/// <summary>Compares actual bytes with a data expectation and describes the first difference.</summary>
internal static class DataComparison
{
    /// <summary>Returns null when <paramref name="actual"/> matches, otherwise a sentence naming the first differing byte.</summary>
    /// <param name="expected">The expectation.</param>
    /// <param name="actual">The bytes.</param>
    /// <param name="actualDigest">Their digest when the caller has already computed it (hashing is the costly part), else null.</param>
    /// <param name="payloadOf">A write request's payload by id, for <c>same_as</c>.</param>
    public static string? Compare(DataSpec expected, ReadOnlySpan<byte> actual, string? actualDigest, Func<string, ReadOnlyMemory<byte>> payloadOf)
    {
        if (expected.Kind == DataKind.Digest)
        {
            actualDigest ??= Fnv64.Of(actual);
            return expected.Reference == actualDigest ? null : $"data: expected digest {expected.Reference}, got {actualDigest}";
        }

        if (MatchesInPlace(expected, actual, payloadOf) is true)
        {
            return null;
        }

        byte[] want = new byte[actual.Length];
        DataBytes.Write(expected, want, payloadOf);
        int at = actual.CommonPrefixLength(want);
        return at == actual.Length
            ? null
            : $"data ({expected}): differs at byte {at} of {actual.Length}: expected 0x{want[at]:x2}, got 0x{actual[at]:x2} (digest expected {Fnv64.Of(want)}, got {actualDigest ?? Fnv64.Of(actual)})";
    }

    /// <summary>
    /// Whether a fill or <c>same_as</c> expectation holds, decided without building the expected bytes (a read's worth
    /// of memory per check); null for the other kinds. A mismatch is described by <see cref="Compare"/> the long way.
    /// </summary>
    private static bool? MatchesInPlace(DataSpec expected, ReadOnlySpan<byte> actual, Func<string, ReadOnlyMemory<byte>> payloadOf)
    {
        switch (expected.Kind)
        {
            case DataKind.Fill:
                return !actual.ContainsAnyExcept(expected.Fill);
            case DataKind.SameAs:
                // DataBytes.Of copies the payload and leaves zeros past its end.
                ReadOnlySpan<byte> source = payloadOf(expected.Reference!).Span;
                int common = Math.Min(source.Length, actual.Length);
                return actual[..common].SequenceEqual(source[..common]) && !actual[common..].ContainsAnyExcept((byte)0);
            default:
                return null;
        }
    }
}
