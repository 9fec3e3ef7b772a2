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
