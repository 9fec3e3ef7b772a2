using Spectre.Console;

namespace DmIo.Cli;

/// <summary>Where a command writes: plain text writers (for tests and pipes) and a Spectre console over the output one.</summary>
public sealed class CliContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">True when a person is watching a terminal: progress bars and colour.</param>
    /// <param name="width">
    /// The width of the human output in columns (see <see cref="OutputWidth.Choose"/>); <see cref="OutputWidth.Default"/>
    /// when null.
    /// </param>
    public CliContext(TextWriter output, TextWriter error, bool interactive, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        Error = error;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Set rather than detected: Spectre sees a wrapped writer, not the terminal, and would fall back to 80.
        Console.Profile.Width = width ?? OutputWidth.Default;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard input: what a command reads for an input path of <c>-</c> (and what <c>serve</c> reads).</summary>
    public TextReader Input { get; init; } = System.Console.In;

    /// <summary>Opens standard output as bytes, for binary data written to <c>-</c> (the dm-log-writes export).</summary>
    public Func<Stream> OpenBinaryOutput { get; init; } = System.Console.OpenStandardOutput;

    /// <summary>Stops long commands (a sweep) cleanly, as Ctrl-C does; in-process callers and tests pass their own.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>True when a person is watching a terminal.</summary>
    public bool Interactive { get; }

    /// <summary>A Spectre console writing to <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Reports bad input on standard error and returns <see cref="ExitCodes.BadInput"/>.</summary>
    /// <param name="message">What is wrong.</param>
    /// <returns>The exit code.</returns>
    public int BadInput(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Error.WriteLine("error: " + OneLine(message));
        return ExitCodes.BadInput;
    }

    /// <summary>Reports an unexpected exception on one stderr line and returns <see cref="ExitCodes.InternalError"/>.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>The exit code.</returns>
    public int InternalError(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Error.WriteLine($"internal error: {exception.GetType().Name}: {OneLine(exception.Message)} (a bug in dmio-sim; please report it with the input)");
        if (Environment.GetEnvironmentVariable("DMIO_DEBUG") == "1")
        {
            Error.WriteLine(exception.ToString());
        }

        return ExitCodes.InternalError;
    }

    /// <summary>
    /// Escapes line breaks and other control characters (as <c>\n</c>, <c>\r</c>, <c>\u001b</c>) so a message quoting
    /// an input value stays one line and cannot drive the terminal.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>The message on one line.</returns>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Any(char.IsControl))
        {
            return message;
        }

        var text = new System.Text.StringBuilder(message.Length + 8);
        foreach (char c in message)
        {
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
