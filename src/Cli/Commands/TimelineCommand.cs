using System.CommandLine;
using DmIo.Simulation.Export;

namespace DmIo.Cli.Commands;

/// <summary><c>timeline &lt;result&gt; --out file.svg</c>: draws a result as an SVG timeline.</summary>
internal static class TimelineCommand
{
    /// <summary>What to do when another kind of file is given where a result belongs.</summary>
    internal const string ResultHint = "write a result with 'dmio-sim run SCENARIO --out result.json'";

    public static Command Create(CliContext context)
    {
        var result = new Argument<string>("result") { Description = "A result JSON written by 'run --out' ('-': standard input)." };
        var output = new Option<string>("--out", "-o") { Description = "The SVG file to write ('-': standard output).", Required = true };
        var command = new Command("timeline", "Draw a run as an SVG: one lane per device, bios as bars coloured by outcome, faults marked, virtual time axis.")
        {
            result, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(result)!;
            string svgPath = parse.GetValue(output)!;
            if (!OutputPath.CheckFile(context, svgPath, "--out"))
            {
                return ExitCodes.BadInput;
            }

            string svg;
            string? text = null;
            try
            {
                text = InputPath.ReadText(context, path);
                svg = TimelineSvg.Render(text);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or InvalidOperationException or KeyNotFoundException)
            {
                // A trace or scenario given for a result is named as such, not by the field the reader tripped on.
                return context.BadInput((text is null ? null : InputKind.Mismatch(InputPath.Name(path), text, InputKind.Result, ResultHint)) ?? $"{InputPath.Name(path)}: {e.Message}");
            }

            OutputPath.WriteText(context, svgPath, svg);
            if (!StandardStream.Is(svgPath))
            {
                context.Output.WriteLine($"timeline: {svgPath}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
