using Xunit.Sdk;

namespace DmIo.Properties;

/// <summary>Checks for property bodies: each throws with a message naming what differs, which FsCheck reports and shrinks on.</summary>
internal static class Expect
{
    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    /// <param name="condition">What must hold.</param>
    /// <param name="message">What went wrong, for the report.</param>
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new XunitException(message);
        }
    }

    /// <summary>Throws unless the values are equal, naming both.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="expected">The expected value.</param>
    /// <param name="actual">The actual value.</param>
    /// <param name="what">What the values are.</param>
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new XunitException($"{what}: expected {expected}, got {actual}");
        }
    }

    /// <summary>Throws at the first byte that differs, naming its offset and both values.</summary>
    /// <param name="expected">The expected bytes.</param>
    /// <param name="actual">The actual bytes.</param>
    /// <param name="what">What the bytes are (device, buffer, memory kind).</param>
    public static void Bytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: expected {expected.Length} bytes, got {actual.Length}");
        }

        int at = expected.CommonPrefixLength(actual);
        if (at < expected.Length)
        {
            throw new XunitException($"{what}: mismatch at byte {at} (sector {at / DmIoConstants.SectorSize}): expected 0x{expected[at]:X2}, got 0x{actual[at]:X2}");
        }
    }
}
