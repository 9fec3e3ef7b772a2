using Spectre.Console;

namespace DmIo.Cli;

/// <summary>Where a command writes: plain text writers (for tests and pipes) and a Spectre console over the output one.</summary>
public sealed class CliContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">True when a person is watching a terminal: progress bars and colour.</param>
    public CliContext(TextWriter output, TextWriter error, bool interactive)
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
        if (!interactive)
        {
            Console.Profile.Width = 160;
        }
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

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
        Error.WriteLine("error: " + message);
        return ExitCodes.BadInput;
    }
}
