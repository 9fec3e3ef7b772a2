using System.CommandLine;

namespace DmIo.Cli.Commands;

/// <summary><c>record &lt;scenario&gt; --trace &lt;file&gt;</c>: runs a scenario and keeps its trace for replay.</summary>
internal static class RecordCommand
{
    public static Command Create(CliContext context)
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file ('-': standard input)." };
        var trace = new Option<string>("--trace", "-t") { Description = "Where to write the trace (JSON lines; '-': standard output).", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "Also write the result JSON here ('-': standard output)." };
        var command = new Command("record", "Run a scenario and record its trace; the trace embeds the scenario, so it replays on its own.")
        {
            scenario, trace, output,
        };
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits
            ? RunCommand.Execute(context, parse.GetValue(scenario)!, parse.GetValue(output), parse.GetValue(trace), limits)
            : ExitCodes.BadInput);
        return command;
    }
}
