using System.Globalization;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Shard <paramref name="Index"/> of <paramref name="Count"/> (1-based, written <c>k/n</c>). Seed s belongs to shard
/// <c>(s mod n) + 1</c>: membership depends on the seed alone, so shards never overlap, together cover every seed of
/// any range, and any job runner (CI matrix, Kubernetes indexed job, Slurm array) can hand out k = 1..n.
/// </summary>
/// <param name="Index">This shard, 1..Count.</param>
/// <param name="Count">How many shards.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole range as one shard.</summary>
    public static Shard All => new(1, 1);

    /// <summary>True when <paramref name="seed"/> belongs to this shard.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>Whether this shard runs it.</returns>
    public bool Contains(ulong seed) => (int)(seed % (ulong)Count) == Index - 1;

    /// <summary>How many seeds of <paramref name="range"/> this shard runs, computed without enumerating them.</summary>
    /// <param name="range">The range.</param>
    /// <returns>The count (at most the range's <see cref="SeedRange.Count"/>).</returns>
    public ulong SeedCount(SeedRange range)
    {
        ulong below = range.First == 0 ? 0 : CountUpTo(range.First - 1);
        return CountUpTo(range.Last) - below;
    }

    /// <summary>
    /// The seeds of <paramref name="range"/> this shard runs, in increasing order, produced one at a time: a range of
    /// a hundred million seeds costs no more memory than a range of ten.
    /// </summary>
    /// <param name="range">The range.</param>
    /// <returns>The seeds.</returns>
    public IEnumerable<ulong> Seeds(SeedRange range)
    {
        ulong count = SeedCount(range);
        if (count == 0)
        {
            yield break;
        }

        ulong n = (ulong)Count;
        ulong seed = range.First + (((ulong)(Index - 1) + n - (range.First % n)) % n);
        for (ulong i = 1; ; i++)
        {
            yield return seed;
            if (i == count)
            {
                yield break;
            }

            seed += n; // never past range.Last, so never past ulong.MaxValue
        }
    }

    // How many seeds s in 0..x have s mod Count == Index - 1.
    private ulong CountUpTo(ulong x)
    {
        ulong remainder = (ulong)(Index - 1);
        return x < remainder ? 0 : ((x - remainder) / (ulong)Count) + 1;
    }

    /// <summary>Parses <c>k/n</c> with 1 &lt;= k &lt;= n.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">The text is not <c>k/n</c> with 1 &lt;= k &lt;= n.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ||
            n < 1 || k < 1 || k > n)
        {
            throw new FormatException($"'{text}' is not a shard; write k/n with 1 <= k <= n, for example 2/8.");
        }

        return new Shard(k, n);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
