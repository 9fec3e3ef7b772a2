using System.Globalization;

namespace DmIo.Simulation.Sweeps;

/// <summary>An inclusive range of seeds, written <c>A..B</c> (or a single seed <c>A</c>).</summary>
/// <param name="First">The first seed.</param>
/// <param name="Last">The last seed (inclusive).</param>
public readonly record struct SeedRange(ulong First, ulong Last)
{
    /// <summary>How many seeds the range holds.</summary>
    public ulong Count => Last - First + 1;

    /// <summary>Parses <c>A..B</c> or <c>A</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The range.</returns>
    /// <exception cref="FormatException">The text is not a range, or B is below A.</exception>
    public static SeedRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split("..", 2);
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong first) ||
            (parts.Length == 2 && !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"'{text}' is not a seed range; write A..B, for example 1..1000.");
        }

        ulong last = parts.Length == 2 ? ulong.Parse(parts[1], CultureInfo.InvariantCulture) : first;
        if (last < first || (first == 0 && last == ulong.MaxValue))
        {
            throw new FormatException($"'{text}': the last seed must not be below the first, and the range must not cover every 64-bit seed.");
        }

        return new SeedRange(first, last);
    }

    /// <inheritdoc />
    public override string ToString() => $"{First}..{Last}";
}
