using System.Globalization;

namespace DmIo.Simulation.Running;

/// <summary>
/// Incremental 64-bit FNV-1a, the digest every result uses (the same function as the trace's <c>data</c> field):
/// offset basis 0xcbf29ce484222325, prime 0x100000001b3, printed as 16 lower-case hex digits.
/// </summary>
internal struct Fnv64
{
    private ulong _hash;

    public Fnv64() => _hash = 14695981039346656037UL;

    public void Add(ReadOnlySpan<byte> data)
    {
        ulong hash = _hash;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        _hash = hash;
    }

    public readonly override string ToString() => _hash.ToString("x16", CultureInfo.InvariantCulture);

    public static string Of(ReadOnlySpan<byte> data)
    {
        var fnv = new Fnv64();
        fnv.Add(data);
        return fnv.ToString();
    }
}
