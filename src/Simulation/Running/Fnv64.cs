using DmIo.FaultInjection;

namespace DmIo.Simulation.Running;

/// <summary>
/// Incremental 64-bit FNV-1a, the digest every result uses: <see cref="DataDigest"/>'s function (the trace's
/// <c>data</c> field), offset basis 0xcbf29ce484222325, prime 0x100000001b3, printed as 16 lower-case hex digits.
/// </summary>
internal struct Fnv64
{
    private ulong _hash;

    public Fnv64() => _hash = DataDigest.OffsetBasis;

    public void Add(ReadOnlySpan<byte> data) => _hash = DataDigest.Append(_hash, data);

    /// <summary>Adds <paramref name="count"/> zero bytes without touching memory.</summary>
    public void AddZeros(long count) => _hash = DataDigest.AppendZeros(_hash, count);

    public readonly override string ToString() => DataDigest.Format(_hash);

    public static string Of(ReadOnlySpan<byte> data) => DataDigest.Of(data);
}
