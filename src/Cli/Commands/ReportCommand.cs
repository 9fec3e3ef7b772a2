using System.CommandLine;
using DmIo.Simulation.Export;

namespace DmIo.Cli.Commands;

/// <summary><c>report &lt;result&gt; --out page.html [--scenario file]</c>: writes a result as one self-contained HTML page.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var result = new Argument<string>("result") { Description = "A result JSON written by 'run --out' ('-': standard input)." };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write ('-': standard output).", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = "The scenario file the result came from, shown verbatim in the page ('-': standard input)." };
        var command = new Command("report", "Write a run as one self-contained HTML page: verdict, scenario, per-request table, fault record, device digests and the timeline.")
        {
            result, output, scenario,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(result)!;
            string htmlPath = parse.GetValue(output)!;
            string? scenarioPath = parse.GetValue(scenario);
            if (!OutputPath.CheckFile(context, htmlPath, "--out"))
            {
                return ExitCodes.BadInput;
            }

            if (scenarioPath is not null && StandardStream.Is(scenarioPath) && StandardStream.Is(path))
            {
                return context.BadInput("--scenario -: the result already reads standard input; only one input can be '-'");
            }

            string html;
            string reading = path;
            string? resultJson = null;
            try
            {
                resultJson = InputPath.ReadText(context, path);
                reading = scenarioPath ?? path;
                string? source = scenarioPath is null ? null : InputPath.ReadText(context, scenarioPath);
                reading = path;
                html = ReportHtml.Render(resultJson, source);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                // A trace or scenario given for the result is named as such, not by the field the reader tripped on.
                string? mismatch = reading == path && resultJson is not null ? InputKind.Mismatch(InputPath.Name(path), resultJson, InputKind.Result, TimelineCommand.ResultHint) : null;
                return context.BadInput(mismatch ?? $"{InputPath.Name(reading)}: {e.Message}");
            }

            OutputPath.WriteText(context, htmlPath, html);
            if (!StandardStream.Is(htmlPath))
            {
                context.Output.WriteLine($"report: {htmlPath}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
