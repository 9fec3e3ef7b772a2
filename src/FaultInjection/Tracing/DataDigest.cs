using System.Globalization;

namespace DmIo.FaultInjection;

/// <summary>
/// A short, stable fingerprint of the bytes a bio moves (64-bit FNV-1a, 16 hex digits), so a trace shows when the
/// data differs without holding the data. Not cryptographic; it only has to notice differences.
/// </summary>
public static class DataDigest
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Fingerprints <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>16 lower-case hex digits.</returns>
    public static string Of(ReadOnlySpan<byte> data) => Format(Add(OffsetBasis, data));

    /// <summary>Fingerprints the memory segments of <paramref name="bio"/>, in order.</summary>
    /// <param name="bio">The bio.</param>
    /// <returns>16 lower-case hex digits.</returns>
    public static string Of(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        ulong hash = OffsetBasis;
        foreach (Memory<byte> segment in bio.Segments)
        {
            hash = Add(hash, segment.Span);
        }

        return Format(hash);
    }

    private static ulong Add(ulong hash, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    private static string Format(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);
}
