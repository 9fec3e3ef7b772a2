using System.CommandLine;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands;

/// <summary><c>run &lt;scenario&gt; [--out result.json] [--trace trace.jsonl]</c>: runs a scenario and prints a summary.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (JSON, format 1); '-' reads standard input." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the result JSON here ('-': standard output, which then carries only the result)." };
        var trace = new Option<string?>("--trace") { Description = "Write the run's trace (JSON lines) here ('-': standard output, which then carries only the trace)." };
        var command = new Command("run", "Run a scenario: exit 0 when every expectation holds, 1 when one fails, 2 for bad input.")
        {
            scenario, output, trace,
        };
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits
            ? Execute(context, parse.GetValue(scenario)!, parse.GetValue(output), parse.GetValue(trace), limits)
            : ExitCodes.BadInput);
        return command;
    }

    public static int Execute(CliContext context, string path, string? resultPath, string? tracePath, ResourceLimits limits)
    {
        // Refuse before running rather than run and then fail to write (no half-written results).
        if (!OutputPath.CheckFile(context, resultPath, "--out") || !OutputPath.CheckFile(context, tracePath, "--trace"))
        {
            return ExitCodes.BadInput;
        }

        if (StandardStream.Is(resultPath) && StandardStream.Is(tracePath))
        {
            return context.BadInput("--out and --trace are both '-': only one of them can go to standard output");
        }

        Scenario? loaded = ScenarioInput.Load(path, context, limits);
        if (loaded is null)
        {
            return ExitCodes.BadInput;
        }

        RunResult result;
        try
        {
            result = ScenarioRun.Run(loaded, new RunOptions { Limits = limits });
        }
        catch (ScenarioFormatException e)
        {
            return context.BadInput(ScenarioInput.Describe(path, e));
        }

        // When standard output carries the result or the trace, it carries nothing else.
        bool report = !StandardStream.Is(resultPath) && !StandardStream.Is(tracePath);
        if (report)
        {
            SummaryTable.Write(context, loaded, result);
        }

        if (resultPath is not null)
        {
            OutputPath.WriteText(context, resultPath, result.ToJson());
            Note(context, report, $"result: {resultPath}");
        }

        if (tracePath is not null)
        {
            OutputPath.WriteText(context, tracePath, result.Trace);
            Note(context, report, $"trace: {tracePath}");
        }

        return result.Passed ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static void Note(CliContext context, bool report, string line)
    {
        if (report)
        {
            context.Output.WriteLine(line);
        }
    }
}
