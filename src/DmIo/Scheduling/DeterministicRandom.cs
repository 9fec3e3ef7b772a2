using System.Numerics;

namespace DmIo;

/// <summary>
/// The seeded random source every random choice goes through: xoshiro256** seeded by SplitMix64, a fixed,
/// documented algorithm so the same seed gives the same sequence on every runtime and in other languages.
/// Not thread-safe; a real-thread user must lock around it.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3; // xoshiro256** state

    /// <summary>Creates a source from <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value.</param>
    public DeterministicRandom(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this source started from.</summary>
    public ulong Seed { get; }

    /// <summary>Returns the next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    public ulong NextUInt64() => Step(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>Returns a value in [0, <paramref name="bound"/>) without modulo bias.</summary>
    /// <param name="bound">The exclusive upper bound; positive.</param>
    /// <returns>A uniformly distributed value below the bound.</returns>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        ulong threshold = (0 - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold)
            {
                return r % bound;
            }
        }
    }

    /// <summary>Returns a value in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    /// <param name="minInclusive">The smallest value.</param>
    /// <param name="maxExclusive">One past the largest value; greater than the smallest.</param>
    /// <returns>A uniformly distributed value in the range.</returns>
    public long NextInRange(long minInclusive, long maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"Must exceed {nameof(minInclusive)} ({minInclusive}).");
        }

        return minInclusive + (long)NextBelow((ulong)(maxExclusive - minInclusive));
    }

    /// <summary>Returns a double in [0, 1) with 53 random bits.</summary>
    /// <returns>A uniformly distributed double.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    /// <param name="buffer">Where to write.</param>
    public void NextBytes(Span<byte> buffer)
    {
        // The state lives in locals for the loop (fields would be stored on every step), and whole words go through a
        // ulong view of the buffer; the bytes are the same as writing each NextUInt64 little-endian, 8 at a time.
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        Span<ulong> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(buffer);
        for (int i = 0; i < words.Length; i++)
        {
            ulong result = Step(ref s0, ref s1, ref s2, ref s3);
            words[i] = BitConverter.IsLittleEndian ? result : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(result);
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        Span<byte> tail = buffer[(words.Length * sizeof(ulong))..];
        if (!tail.IsEmpty)
        {
            ulong r = NextUInt64();
            for (int i = 0; i < tail.Length; i++)
            {
                tail[i] = (byte)(r >> (8 * i));
            }
        }
    }

    // One xoshiro256** step: the output, and the state advanced.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
