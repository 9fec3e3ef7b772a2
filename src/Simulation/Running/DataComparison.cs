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
    public static string? Compare(DataSpec expected, byte[] actual, string? actualDigest, Func<string, byte[]> payloadOf)
    {
        if (expected.Kind == DataKind.Digest)
        {
            actualDigest ??= Fnv64.Of(actual);
            return expected.Reference == actualDigest ? null : $"data: expected digest {expected.Reference}, got {actualDigest}";
        }

        byte[] want = DataBytes.Of(expected, actual.Length, payloadOf)!;
        int at = actual.AsSpan().CommonPrefixLength(want);
        return at == actual.Length
            ? null
            : $"data ({expected}): differs at byte {at} of {actual.Length}: expected 0x{want[at]:x2}, got 0x{actual[at]:x2} (digest expected {Fnv64.Of(want)}, got {actualDigest ?? Fnv64.Of(actual)})";
    }
}
