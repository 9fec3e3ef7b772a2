namespace DmIo.Cli.Commands;

/// <summary>The path <c>-</c>: standard input where a command reads a file, standard output where it writes one.</summary>
internal static class StandardStream
{
    /// <summary>The path itself.</summary>
    public const string Path = "-";

    /// <summary>True when <paramref name="path"/> is <c>-</c>.</summary>
    public static bool Is(string? path) => path == Path;
}
