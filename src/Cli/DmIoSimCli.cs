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
        return root;
    }
}
