namespace DmIo.Cli.Commands;

/// <summary>Input paths of every command: a file, or <c>-</c> for standard input.</summary>
internal static class InputPath
{
    /// <summary>How standard input is named in messages.</summary>
    public const string StandardName = "<stdin>";

    /// <summary>The name to use in messages: the path, or <c>&lt;stdin&gt;</c> for <c>-</c>.</summary>
    public static string Name(string path) => StandardStream.Is(path) ? StandardName : path;

    /// <summary>Reads the whole input as text.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadText(CliContext context, string path) => StandardStream.Is(path) ? context.Input.ReadToEnd() : File.ReadAllText(path);

    /// <summary>
    /// Reads at most <paramref name="maxChars"/> + 1 characters from standard input: enough for a size check to see
    /// that the input is too large, without holding all of it.
    /// </summary>
    public static string ReadStandardBounded(CliContext context, long maxChars)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while (text.Length <= maxChars && (read = context.Input.Read(buffer, 0, (int)Math.Min(buffer.Length, maxChars + 1 - text.Length))) > 0)
        {
            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
