using DmIo.FaultInjection;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands;

/// <summary>Loads scenario and trace files, turning every problem into a one-line bad-input message.</summary>
internal static class ScenarioInput
{
    /// <summary>Loads a scenario; on failure writes <c>file:line:column: $.path: problem</c> and returns null.</summary>
    public static Scenario? Load(string path, CliContext context, ResourceLimits limits)
    {
        try
        {
            return ScenarioLoader.LoadFile(path, limits);
        }
        catch (ScenarioFormatException e)
        {
            context.BadInput(Describe(path, e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.BadInput($"{path}: {e.Message}");
        }

        return null;
    }

    /// <summary>Loads a trace; on failure writes the line and problem and returns null.</summary>
    public static TraceLog? LoadTrace(string path, CliContext context)
    {
        try
        {
            return TraceLog.Parse(File.ReadAllText(path));
        }
        catch (TraceFormatException e)
        {
            context.BadInput($"{path}:{e.LineNumber}: {e.Problem}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.BadInput($"{path}: {e.Message}");
        }

        return null;
    }

    public static string Describe(string path, ScenarioFormatException e) => $"{path}:{e.Line}:{e.Column}: {e.JsonPath}: {e.Problem}";
}
