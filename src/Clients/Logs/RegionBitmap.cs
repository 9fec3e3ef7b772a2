namespace DmIo.Clients.Logs;

/// <summary>
/// One of a log's bitsets, in the kernel's little-endian bit order (<c>test_bit_le</c>, <c>__set_bit_le</c>): bit
/// <c>i</c> is bit <c>i % 8</c> of byte <c>i / 8</c>, so the bytes are exactly what a disk log writes after its header.
/// </summary>
internal sealed class RegionBitmap
{
    private readonly Memory<byte> _bytes; // the bitset's storage: its own array, or a slice of a disk log's buffer

    /// <summary>Wraps <paramref name="bytes"/> as the bitset's storage.</summary>
    /// <param name="bytes">The storage, a whole number of the kernel's longs (8 bytes).</param>
    public RegionBitmap(Memory<byte> bytes) => _bytes = bytes;

    /// <summary>How many bits the storage holds.</summary>
    public long Bits => (long)_bytes.Length * 8;

    /// <summary>The storage.</summary>
    public Span<byte> Bytes => _bytes.Span;

    /// <summary>Whether bit <paramref name="bit"/> is set.</summary>
    /// <param name="bit">The bit.</param>
    /// <returns>True when set.</returns>
    public bool Test(long bit) => (_bytes.Span[(int)(bit >> 3)] & (1 << (int)(bit & 7))) != 0;

    /// <summary>Sets bit <paramref name="bit"/>.</summary>
    /// <param name="bit">The bit.</param>
    public void Set(long bit) => _bytes.Span[(int)(bit >> 3)] |= (byte)(1 << (int)(bit & 7));

    /// <summary>Clears bit <paramref name="bit"/>.</summary>
    /// <param name="bit">The bit.</param>
    public void Clear(long bit) => _bytes.Span[(int)(bit >> 3)] &= (byte)~(1 << (int)(bit & 7));

    /// <summary>Sets every bit (<c>memset(-1)</c>) or clears every bit (<c>memset(0)</c>).</summary>
    /// <param name="value">True to set.</param>
    public void Fill(bool value) => _bytes.Span.Fill(value ? (byte)0xFF : (byte)0);

    /// <summary>Copies every bit from <paramref name="source"/>, which has the same size.</summary>
    /// <param name="source">The bitset to copy.</param>
    public void CopyFrom(RegionBitmap source) => source.Bytes.CopyTo(Bytes);

    /// <summary>How many bits are set in the whole storage (<c>memweight</c>).</summary>
    /// <returns>The count.</returns>
    public long Weight()
    {
        long weight = 0;
        foreach (byte b in _bytes.Span)
        {
            weight += System.Numerics.BitOperations.PopCount(b);
        }

        return weight;
    }

    /// <summary>The first clear bit at or after <paramref name="start"/> and below <paramref name="limit"/>, or <paramref name="limit"/> (<c>find_next_zero_bit_le</c>).</summary>
    /// <param name="limit">One past the last bit to look at.</param>
    /// <param name="start">The first bit to look at.</param>
    /// <returns>The bit, or <paramref name="limit"/> when every bit in range is set.</returns>
    public long NextClear(long limit, long start)
    {
        for (long bit = start; bit < limit; bit++)
        {
            if (!Test(bit))
            {
                return bit;
            }
        }

        return limit;
    }
}
