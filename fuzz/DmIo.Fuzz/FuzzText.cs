using System.Text;

namespace DmIo.Fuzz;

/// <summary>Turns fuzz bytes into text the way the product's own readers would see them.</summary>
public static class FuzzText
{
    /// <summary>
    /// The input (cut to <see cref="Budget.MaxInputBytes"/>) as text: invalid UTF-8 becomes U+FFFD, as a
    /// <see cref="StreamReader"/> on standard input turns it.
    /// </summary>
    /// <param name="input">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Decode(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Encoding.UTF8.GetString(input, 0, Math.Min(input.Length, Budget.MaxInputBytes));
    }

    /// <summary>The lines of <paramref name="text"/> as <see cref="TextReader.ReadLine"/> splits them (\n, \r or \r\n).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The lines.</returns>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>The whitespace-separated words of a line.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The words.</returns>
    public static string[] Words(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
