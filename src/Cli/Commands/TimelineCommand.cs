using System.CommandLine;
using DmIo.Simulation.Export;

namespace DmIo.Cli.Commands;

/// <summary><c>timeline &lt;result&gt; --out file.svg</c>: draws a result as an SVG timeline.</summary>
internal static class TimelineCommand
{
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
            try
            {
                svg = TimelineSvg.Render(InputPath.ReadText(context, path));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or InvalidOperationException or KeyNotFoundException)
            {
                return context.BadInput($"{InputPath.Name(path)}: {e.Message}");
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
