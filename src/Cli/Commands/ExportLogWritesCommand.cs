using System.CommandLine;
using DmIo.FaultInjection;
using DmIo.Simulation;
using DmIo.Simulation.Export;
using DmIo.Simulation.Results;
using DmIo.Simulation.Running;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands;

/// <summary>
/// <c>export-log-writes &lt;trace&gt; &lt;file&gt; [--device name]</c>: replays the trace (same fault choices, every
/// line checked) while capturing write payloads and the bios tables send to their backing devices, and writes what a
/// dm-log-writes target on one device (named, or a table's backing device) would have logged.
/// </summary>
internal static class ExportLogWritesCommand
{
    public static Command Create(CliContext context)
    {
        var trace = new Argument<string>("trace") { Description = "A trace written by 'record' or 'run --trace' ('-': standard input)." };
        var file = new Argument<string>("file") { Description = "The log file to write (dm-log-writes format; '-': standard output, which then carries only the log)." };
        var device = new Option<string?>("--device", "-d") { Description = "The device whose writes to log (a named device, or one a table is built on); needed when several devices were written." };
        var command = new Command("export-log-writes", "Write a run's writes, flushes, FUA writes and discards in the kernel's dm-log-writes format, for replay-log.")
        {
            trace, file, device,
        };
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits
            ? Execute(context, parse.GetValue(trace)!, parse.GetValue(file)!, parse.GetValue(device), limits)
            : ExitCodes.BadInput);
        return command;
    }

    private static int Execute(CliContext context, string tracePath, string file, string? device, ResourceLimits limits)
    {
        if (!OutputPath.CheckFile(context, file, "file"))
        {
            return ExitCodes.BadInput;
        }

        TraceLog? log = ScenarioInput.LoadTrace(tracePath, context);
        if (log is null)
        {
            return ExitCodes.BadInput;
        }

        Scenario scenario;
        try
        {
            scenario = TraceScenario.Of(log, limits);
        }
        catch (TraceFormatException e)
        {
            return context.BadInput($"{tracePath}:{e.LineNumber}: {e.Problem}");
        }
        catch (ScenarioFormatException e)
        {
            return context.BadInput(ScenarioInput.Describe(tracePath + " (embedded scenario)", e));
        }

        using ScenarioRun run = ScenarioRun.Start(scenario, new RunOptions
        {
            Replay = log, CapturePayloads = true, ObserveTableBackings = true, Limits = limits,
        });
        foreach (StepSpec step in scenario.Steps.TakeWhile(_ => !run.Stopped))
        {
            run.Execute(step);
        }

        RunResult result = run.Finish(scenario.Name);
        if (result.DivergenceStep is not null || result.Error is not null)
        {
            context.Error.WriteLine(CliContext.OneLine($"error: the trace no longer replays ({result.Error}); record it again."));
            return ExitCodes.Failed;
        }

        var written = result.Bios.Where(b => b.Operation != BioOperation.Read).Select(b => b.Device).Distinct(StringComparer.Ordinal).ToList();
        if (device is null)
        {
            if (written.Count != 1)
            {
                return context.BadInput(written.Count == 0
                    ? "the run wrote nothing"
                    : $"the run wrote to {written.Count} devices ({string.Join(", ", written)}); choose one with --device");
            }

            device = written[0];
        }
        else if (!scenario.Devices.Any(d => d.Name == device))
        {
            return context.BadInput($"no device named '{device}' (devices: {string.Join(", ", scenario.Devices.Select(d => d.Name))})");
        }

        // A device is written by the engine (its named bios) and by the tables built on it (their bios to it).
        IEnumerable<BioSpan> bios = result.Bios.Concat(run.BackingBios);
        int sectorSize = run.LogicalBlockSize(device);
        long entries = 0;
        OutputPath.WriteBytes(context, file, stream => entries = LogWritesExporter.Write(bios, run.Marks, device, sectorSize, stream));
        if (!StandardStream.Is(file))
        {
            context.Output.WriteLine($"{file}: {entries} entries for device '{device}' (dm-log-writes v1, {sectorSize}-byte sectors)");
        }

        return ExitCodes.Success;
    }
}
