namespace DmIo.Cli.Commands;

/// <summary>
/// Output paths of every command: checked before any work (so a bad path costs nothing and leaves nothing behind),
/// then written, with <c>-</c> meaning standard output. An I/O error while writing becomes an
/// <see cref="OutputFailedException"/>: one stderr line and exit 2, never a stack trace.
/// </summary>
internal static class OutputPath
{
    /// <summary>
    /// Checks a file output before any work: <c>-</c> or absent is fine; otherwise the path must not be a directory and
    /// its directory must exist. On a problem writes one line naming the option and returns false.
    /// </summary>
    public static bool CheckFile(CliContext context, string? path, string option)
    {
        if (path is null || StandardStream.Is(path))
        {
            return true;
        }

        string? problem = FullPath(path, out string full) ?? (Directory.Exists(full) ? "is a directory; name a file to write" : null)
            ?? (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent) ? MissingDirectory(parent) : null);
        return problem is null || Refuse(context, option, path, problem);
    }

    /// <summary>
    /// Checks a directory output before any work: not <c>-</c>, not an existing file, and either a directory already
    /// or one that can be created (its nearest existing ancestor is a directory). Nothing is created yet.
    /// </summary>
    public static bool CheckDirectory(CliContext context, string path, string option)
    {
        if (StandardStream.Is(path))
        {
            return Refuse(context, option, path, "names a directory for several files; standard output ('-') cannot be one");
        }

        string? problem = FullPath(path, out string full) ?? (File.Exists(full) ? "is an existing file; name a directory (it is created if missing)" : null);
        for (string? dir = full; problem is null && dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            problem = File.Exists(dir) ? $"cannot be created: {dir} is a file" : null;
        }

        return problem is null || Refuse(context, option, path, problem);
    }

    /// <summary>Creates a checked directory output (and missing parents).</summary>
    public static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(path, e);
        }
    }

    /// <summary>Writes text to a file (replacing it) or, for <c>-</c>, to standard output.</summary>
    public static void WriteText(CliContext context, string path, string text)
    {
        if (StandardStream.Is(path))
        {
            context.Output.Write(text);
            context.Output.Flush();
            return;
        }

        Guard(path, () => File.WriteAllText(path, text));
    }

    /// <summary>Writes bytes through <paramref name="write"/> to a file (replacing it) or, for <c>-</c>, to standard output.</summary>
    public static void WriteBytes(CliContext context, string path, Action<Stream> write)
    {
        if (StandardStream.Is(path))
        {
            context.Output.Flush();
            using Stream stdout = context.OpenBinaryOutput();
            write(stdout);
            stdout.Flush();
            return;
        }

        Guard(path, () =>
        {
            using FileStream file = File.Create(path);
            write(file);
        });
    }

    /// <summary>
    /// Writes a file so that it is never seen half-written: the text goes to a hidden temporary file in the same
    /// directory, which is then renamed over <paramref name="path"/>.
    /// </summary>
    public static void WriteAtomically(string path, string text) => Replace(path, temp => File.WriteAllText(temp, text));

    /// <summary>Copies a file the same way as <see cref="WriteAtomically"/>.</summary>
    public static void CopyAtomically(string source, string path) => Replace(path, temp => File.Copy(source, temp, overwrite: true));

    private static void Replace(string path, Action<string> writeTemp)
    {
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        Guard(path, () =>
        {
            try
            {
                writeTemp(temp);
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                RemoveLeftover(temp);
                throw;
            }
        });
    }

    private static void RemoveLeftover(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write failed already; that is the error to report, not this one.
        }
    }

    private static void Guard(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(path, e);
        }
    }

    private static OutputFailedException Failed(string path, Exception e) => new($"{path}: cannot write: {e.Message}", e);

    private static string? FullPath(string path, out string full)
    {
        full = string.Empty;
        try
        {
            full = Path.GetFullPath(path);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return "not a usable path: " + e.Message;
        }
    }

    private static string MissingDirectory(string parent) =>
        File.Exists(parent) ? $"{parent} is a file, not a directory" : $"the directory {parent} does not exist";

    private static bool Refuse(CliContext context, string option, string path, string problem)
    {
        context.BadInput($"{option} {path}: {problem}");
        return false;
    }
}
