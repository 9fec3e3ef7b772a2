using System.CommandLine;
using DmIo.FaultInjection;
using DmIo.Cli.Commands.Nbd;
using DmIo.Nbd.Serving;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands;

/// <summary><c>replay &lt;trace&gt; [--scenario file]</c>: reruns a recorded trace, forcing its choices, and reports the first divergence.</summary>
internal static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var trace = new Argument<string>("trace") { Description = "A trace written by 'record' or 'run --trace' ('-': standard input)." };
        var scenario = new Option<string?>("--scenario", "-s") { Description = "Replay this scenario file instead of the one the trace embeds ('-': standard input)." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the replay's result JSON here ('-': standard output, which then carries only the result)." };
        var payloads = new Option<string?>("--payloads") { Description = "For a trace written by 'nbd --trace': its writes' payload file (default: the trace's path plus '.data')." };
        var command = new Command("replay", "Replay a trace: same fault choices, every line checked; exit 1 at the first divergence.")
        {
            trace, scenario, output, payloads,
        };
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits
            ? Execute(context, parse.GetValue(trace)!, parse.GetValue(scenario), parse.GetValue(output), limits, parse.GetValue(payloads))
            : ExitCodes.BadInput);
        return command;
    }

    private static int Execute(CliContext context, string tracePath, string? scenarioPath, string? resultPath, ResourceLimits limits, string? payloadPath)
    {
        if (!OutputPath.CheckFile(context, resultPath, "--out"))
        {
            return ExitCodes.BadInput;
        }

        if (StandardStream.Is(tracePath) && StandardStream.Is(scenarioPath))
        {
            return context.BadInput("the trace and --scenario are both '-': only one of them can come from standard input");
        }

        TraceLog? log = ScenarioInput.LoadTrace(tracePath, context);
        if (log is null)
        {
            return ExitCodes.BadInput;
        }

        Scenario? scenario;
        try
        {
            scenario = scenarioPath is null ? TraceScenario.Of(log, limits) : ScenarioInput.Load(scenarioPath, context, limits);
        }
        catch (TraceFormatException e)
        {
            return context.BadInput($"{tracePath}:{e.LineNumber}: {e.Problem}");
        }
        catch (ScenarioFormatException e)
        {
            return context.BadInput(ScenarioInput.Describe(tracePath + " (embedded scenario)", e));
        }

        if (scenario is null)
        {
            return ExitCodes.BadInput;
        }

        RunResult? replayed = NbdReplay.IsSessionTrace(log)
            ? NbdTraceReplay.Run(context, log, scenario, tracePath, payloadPath, limits)
            : payloadPath is null ? ScenarioRun.Run(scenario, new RunOptions { Replay = log, Limits = limits }) : null;
        if (replayed is not { } result)
        {
            return payloadPath is not null && !NbdReplay.IsSessionTrace(log)
                ? context.BadInput($"--payloads {payloadPath}: {tracePath} is not a trace of 'nbd'; only those have payload files")
                : ExitCodes.BadInput;
        }

        if (resultPath is not null)
        {
            OutputPath.WriteText(context, resultPath, result.ToJson());
        }

        // When standard output carries the result it carries nothing else; the exit code still tells the verdict.
        TextWriter report = StandardStream.Is(resultPath) ? TextWriter.Null : context.Output;

        if (result.DivergenceStep is { } step)
        {
            report.WriteLine($"Trace diverged at step {step} (line {step + 1}):");
            report.WriteLine($"  expected: {result.DivergenceExpected}");
            report.WriteLine($"  actual:   {result.DivergenceActual}");
            return ExitCodes.Failed;
        }

        if (result.Error is not null)
        {
            report.WriteLine($"Replay stopped: {result.Error}");
            return ExitCodes.Failed;
        }

        report.WriteLine($"Replayed {log.Events.Count} trace lines of '{scenario.Name}' (seed {scenario.Seed}): identical.");
        if (!result.Passed)
        {
            report.WriteLine($"Note: {result.Failures.Count} expectation(s) failed, as they did when recorded.");
        }

        return ExitCodes.Success;
    }
}
