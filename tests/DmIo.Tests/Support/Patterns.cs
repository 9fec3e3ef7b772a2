namespace DmIo.Tests.Support;

/// <summary>Test data and buffer builders for every memory kind.</summary>
public static class Patterns
{
    /// <summary>Bytes that differ at every position within a few pages and depend on <paramref name="seed"/>.</summary>
    public static byte[] Bytes(int length, int seed = 1)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31) + (i >> 8) + (seed * 17) + 1);
        }

        return data;
    }

    /// <summary>The first differing byte, as a readable message, or null when equal.</summary>
    public static string? FirstMismatch(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.Length != actual.Length)
        {
            return $"length differs: expected {expected.Length}, got {actual.Length}";
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                return $"mismatch at byte {i}: expected 0x{expected[i]:X2}, got 0x{actual[i]:X2}";
            }
        }

        return null;
    }

    public static void AssertBytesEqual(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string context = "")
    {
        string? mismatch = FirstMismatch(expected, actual);
        Assert.True(mismatch is null, $"{context} {mismatch}");
    }
}
