using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using DmIo.FaultInjection;

namespace DmIo.Benchmarks;

/// <summary>
/// Issue 13: FNV-1a 64 over 1 MiB, the digest of every trace line's data and every result. Baseline: the plain
/// byte-at-a-time loop. <see cref="DataDigest.Append"/> skips runs of zero bytes with arithmetic (k zeros multiply by
/// prime^k); the unrolled loop (8 bytes read at once) is the other speed-up tried. <c>Content</c>: random bytes, all
/// zeros, or 8 KiB of random bytes in each 64 KiB (a memory device chunk after a small write).
/// </summary>
public class DigestBenchmarks
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private byte[] _data = null!;

    /// <summary>What the 1 MiB holds.</summary>
    [Params("random", "zeros", "sparse")]
    public string Content { get; set; } = "random";

    /// <summary>Fills the buffer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[1 << 20];
        var random = new DeterministicRandom(5);
        switch (Content)
        {
            case "random":
                random.NextBytes(_data);
                break;
            case "sparse":
                for (int at = 0; at < _data.Length; at += 64 * 1024)
                {
                    random.NextBytes(_data.AsSpan(at + (32 * 1024), 8 * 1024));
                }

                break;
        }
    }

    /// <summary>Baseline: one byte at a time.</summary>
    /// <returns>The hash.</returns>
    [Benchmark(Baseline = true)]
    public ulong ByteLoop()
    {
        ulong hash = OffsetBasis;
        foreach (byte b in _data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    /// <summary>The same hash, eight bytes loaded at once and unrolled.</summary>
    /// <returns>The hash.</returns>
    [Benchmark]
    public ulong UnrolledByEight()
    {
        ulong hash = OffsetBasis;
        ref byte start = ref MemoryMarshal.GetArrayDataReference(_data);
        for (int i = 0; i < _data.Length; i += 8)
        {
            ulong v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            hash = (hash ^ (byte)v) * Prime;
            hash = (hash ^ (byte)(v >> 8)) * Prime;
            hash = (hash ^ (byte)(v >> 16)) * Prime;
            hash = (hash ^ (byte)(v >> 24)) * Prime;
            hash = (hash ^ (byte)(v >> 32)) * Prime;
            hash = (hash ^ (byte)(v >> 40)) * Prime;
            hash = (hash ^ (byte)(v >> 48)) * Prime;
            hash = (hash ^ (v >> 56)) * Prime;
        }

        return hash;
    }

    /// <summary><see cref="DataDigest.Append"/>: zero runs of whole 64-byte blocks skipped.</summary>
    /// <returns>The hash.</returns>
    [Benchmark]
    public ulong Append() => DataDigest.Append(OffsetBasis, _data);
}
