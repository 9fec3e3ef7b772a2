using System.Globalization;

namespace DmIo.FaultInjection;

/// <summary>
/// A short, stable fingerprint of bytes (64-bit FNV-1a, printed as 16 hex digits): the <c>data</c> field of trace lines
/// and every digest of a result. Not cryptographic; it only has to notice differences. Runs of zero bytes cost almost
/// nothing: a zero byte turns h into h × prime, so k of them multiply by prime^k, which <see cref="AppendZeros"/>
/// computes from the binary digits of k without touching any byte.
/// </summary>
public static class DataDigest
{
    /// <summary>The hash of no bytes (FNV-1a's offset basis).</summary>
    public const ulong OffsetBasis = 14695981039346656037UL;

    private const ulong Prime = 1099511628211UL;

    // A zero run shorter than this is hashed byte by byte: only a run of a whole block is worth the multiplications
    // of AppendZeros and the vector scans that find it.
    private const int ZeroBlock = 64;

    private static readonly ulong[] PrimePowers = SquaringsOfPrime(); // PrimePowers[i] = prime^(2^i) mod 2^64

    /// <summary>Fingerprints <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>16 lower-case hex digits.</returns>
    public static string Of(ReadOnlySpan<byte> data) => Format(Append(OffsetBasis, data));

    /// <summary>Fingerprints the memory segments of <paramref name="bio"/>, in order.</summary>
    /// <param name="bio">The bio.</param>
    /// <returns>16 lower-case hex digits.</returns>
    public static string Of(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        ulong hash = OffsetBasis;
        foreach (Memory<byte> segment in bio.Segments)
        {
            hash = Append(hash, segment.Span);
        }

        return Format(hash);
    }

    /// <summary>Continues <paramref name="hash"/> over <paramref name="data"/>, skipping its runs of zeros (see <see cref="AppendZeros"/>).</summary>
    /// <param name="hash">The hash of the bytes before (<see cref="OffsetBasis"/> at the start).</param>
    /// <param name="data">The next bytes.</param>
    /// <returns>The hash of the bytes before followed by <paramref name="data"/>.</returns>
    public static ulong Append(ulong hash, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int leadingZeros = data.IndexOfAnyExcept((byte)0);
            if (leadingZeros < 0)
            {
                return AppendZeros(hash, data.Length);
            }

            hash = AppendZeros(hash, leadingZeros);
            data = data[leadingZeros..];
            int end = NextZeroBlock(data);
            hash = AppendBytes(hash, data[..end]);
            data = data[end..];
        }

        return hash;
    }

    /// <summary>Continues <paramref name="hash"/> over <paramref name="count"/> zero bytes without reading any: hash × prime^count.</summary>
    /// <param name="hash">The hash of the bytes before.</param>
    /// <param name="count">How many zero bytes follow; not negative.</param>
    /// <returns>The hash of the bytes before followed by the zeros.</returns>
    public static ulong AppendZeros(ulong hash, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int bit = 0; count != 0; bit++, count >>= 1)
        {
            if ((count & 1) != 0)
            {
                hash *= PrimePowers[bit];
            }
        }

        return hash;
    }

    /// <summary>Prints a hash the way every digest is printed.</summary>
    /// <param name="hash">The hash.</param>
    /// <returns>16 lower-case hex digits.</returns>
    public static string Format(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    // FNV-1a proper. Each byte's multiply waits for the previous one, so the loop runs at the multiplier's latency
    // (about 1 GB/s); unrolling it by 4 or 8 measured no faster.
    private static ulong AppendBytes(ulong hash, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    // Where the first all-zero block of ZeroBlock bytes starts, counting blocks from the start of data, or data's length.
    private static int NextZeroBlock(ReadOnlySpan<byte> data)
    {
        for (int start = 0; start <= data.Length - ZeroBlock; start += ZeroBlock)
        {
            if (!data.Slice(start, ZeroBlock).ContainsAnyExcept((byte)0))
            {
                return start;
            }
        }

        return data.Length;
    }

    private static ulong[] SquaringsOfPrime()
    {
        ulong[] powers = new ulong[64];
        powers[0] = Prime;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * powers[i - 1];
        }

        return powers;
    }
}
