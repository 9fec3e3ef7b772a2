using System.CommandLine;
using DmIo.Cli.Commands;

namespace DmIo.Cli;

/// <summary>The <c>dmio-sim</c> command tree. Tests call <see cref="Run"/> in-process with their own writers.</summary>
public static class DmIoSimCli
{
    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">Where output goes.</param>
    /// <returns>
    /// The exit code: 0 success, 1 failure, 2 bad input or an output that cannot be written, 3 internal error (a bug:
    /// one stderr line, no stack trace).
    /// </returns>
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        RootCommand root = Build(context);
        if (UnknownCommand(root, args) is { } unknown)
        {
            return context.BadInput($"unknown command '{unknown}'; the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))} (try 'dmio-sim --help')");
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, like every other bad-input report.
            return context.BadInput(string.Join("; ", parsed.Errors.Select(e => e.Message)) + " (try 'dmio-sim --help')");
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (OutputFailedException e)
        {
            // An output path that cannot be written is the caller's to fix, like bad input.
            return context.BadInput(e.Message);
        }
#pragma warning disable CA1031 // the tool's promise: no stack trace, an exit code that means what the docs say
        catch (Exception e)
#pragma warning restore CA1031
        {
            return context.InternalError(e);
        }
    }

    /// <summary>
    /// The first word of <paramref name="args"/> when it should name a command and names none (System.CommandLine
    /// would report it as several errors, among them "Required command was not provided"); null otherwise.
    /// </summary>
    private static string? UnknownCommand(RootCommand root, string[] args)
    {
        // Root options come first (--max-steps 10 run ...): skip each with its value; a word after them is the command.
        int i = 0;
        while (i < args.Length && args[i].StartsWith('-'))
        {
            Option? option = root.Options.FirstOrDefault(o => o.Name == args[i] || o.Aliases.Contains(args[i]));
            if (option is null || option.Arity.MaximumNumberOfValues == 0)
            {
                i++;
            }
            else
            {
                i += 2;
            }
        }

        if (i >= args.Length)
        {
            return null;
        }

        string word = args[i];
        return root.Subcommands.Any(c => c.Name == word || c.Aliases.Contains(word)) ? null : word;
    }

    /// <summary>Builds the command tree.</summary>
    /// <param name="context">Where commands write.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("dmio-sim: deterministic dm-io fault scenarios — run, record, replay, sweep, draw and export them.");
        ResourceLimitOptions.AddTo(root);
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(RecordCommand.Create(context));
        root.Subcommands.Add(ReplayCommand.Create(context));
        root.Subcommands.Add(SweepCommand.Create(context));
        root.Subcommands.Add(SweepMergeCommand.Create(context));
        root.Subcommands.Add(GenerateCommand.Create(context));
        root.Subcommands.Add(TimelineCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(ExportLogWritesCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(Commands.Nbd.NbdCommand.Create(context));
        return root;
    }
}
