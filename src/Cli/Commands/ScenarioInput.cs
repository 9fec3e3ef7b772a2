using DmIo.FaultInjection;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands;

/// <summary>
/// Loads scenario and trace inputs (a file, or <c>-</c> for standard input), turning every problem into a one-line
/// bad-input message.
/// </summary>
internal static class ScenarioInput
{
    /// <summary>Loads a scenario; on failure writes <c>file:line:column: $.path: problem</c> and returns null.</summary>
    public static Scenario? Load(string path, CliContext context, ResourceLimits limits) => LoadWithText(path, context, limits)?.Scenario;

    /// <summary>Loads a scenario and keeps its text (a sweep template is rewritten per seed); null after a bad-input message.</summary>
    public static (Scenario Scenario, string Text)? LoadWithText(string path, CliContext context, ResourceLimits limits)
    {
        try
        {
            if (StandardStream.Is(path))
            {
                // Bounded: input past the cap is refused by the loader without being held whole.
                string text = InputPath.ReadStandardBounded(context, limits.MaxInputBytes);
                return (ScenarioLoader.Parse(text, limits), text);
            }

            Scenario scenario = ScenarioLoader.LoadFile(path, limits);
            return (scenario, File.ReadAllText(path));
        }
        catch (ScenarioFormatException e)
        {
            context.BadInput(Describe(path, e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.BadInput($"{InputPath.Name(path)}: {e.Message}");
        }

        return null;
    }

    /// <summary>Loads a trace; on failure writes the line and problem and returns null.</summary>
    public static TraceLog? LoadTrace(string path, CliContext context)
    {
        try
        {
            return TraceLog.Parse(InputPath.ReadText(context, path));
        }
        catch (TraceFormatException e)
        {
            context.BadInput($"{InputPath.Name(path)}:{e.LineNumber}: {e.Problem}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.BadInput($"{InputPath.Name(path)}: {e.Message}");
        }

        return null;
    }

    public static string Describe(string path, ScenarioFormatException e) => $"{InputPath.Name(path)}:{e.Line}:{e.Column}: {e.JsonPath}: {e.Problem}";
}
