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
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (JSON, format 1)." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the result JSON here." };
        var trace = new Option<string?>("--trace") { Description = "Write the run's trace (JSON lines) here." };
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
        Scenario? loaded = ScenarioInput.Load(path, context, limits);
        if (loaded is null)
        {
            return ExitCodes.BadInput;
        }

        foreach (string? output in new[] { resultPath, tracePath })
        {
            // Refuse before running rather than run and then fail to write (no half-written results).
            if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } directory && !Directory.Exists(directory))
            {
                return context.BadInput($"{output}: the directory {directory} does not exist");
            }
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

        SummaryTable.Write(context, loaded, result);
        if (resultPath is not null)
        {
            File.WriteAllText(resultPath, result.ToJson());
            context.Output.WriteLine($"result: {resultPath}");
        }

        if (tracePath is not null)
        {
            File.WriteAllText(tracePath, result.Trace);
            context.Output.WriteLine($"trace: {tracePath}");
        }

        return result.Passed ? ExitCodes.Success : ExitCodes.Failed;
    }
}
