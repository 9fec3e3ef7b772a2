using System.Globalization;

namespace DmIo.Cli;

/// <summary>How wide the human output (the run summary table) may be.</summary>
public static class OutputWidth
{
    /// <summary>The width used when neither a terminal nor <c>COLUMNS</c> says: wide enough for a typical summary row.</summary>
    public const int Default = 160;

    /// <summary>The narrowest width honoured; below it the table cannot show its columns at all.</summary>
    public const int Minimum = 40;

    /// <summary>
    /// Chooses the width: a terminal's own width when writing to one, else the <c>COLUMNS</c> environment variable
    /// (what shells export, so <c>COLUMNS=$COLUMNS dmio-sim run s.json | less</c> keeps the terminal's width), else
    /// <see cref="Default"/>. Values below <see cref="Minimum"/> are raised to it; a <c>COLUMNS</c> that is not a
    /// positive number is ignored.
    /// </summary>
    /// <param name="terminalWidth">The terminal's width in columns, or null when the output is not a terminal.</param>
    /// <param name="columns">The value of <c>COLUMNS</c>, or null when it is not set.</param>
    /// <returns>The width in columns.</returns>
    public static int Choose(int? terminalWidth, string? columns)
    {
        if (terminalWidth is > 0 and int width)
        {
            return Math.Max(width, Minimum);
        }

        return int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out int fromEnvironment) && fromEnvironment > 0
            ? Math.Max(fromEnvironment, Minimum)
            : Default;
    }

    /// <summary>The width of the terminal standard output is written to, or null when it is redirected or unknown.</summary>
    /// <returns>The width in columns, or null.</returns>
    public static int? OfStandardOutput()
    {
        if (Console.IsOutputRedirected)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null; // no console behind the handle after all
        }
    }
}
