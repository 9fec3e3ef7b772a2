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
        string? standardInput = null;
        try
        {
            if (StandardStream.Is(path))
            {
                // Bounded: input past the cap is refused by the loader without being held whole.
                standardInput = InputPath.ReadStandardBounded(context, limits.MaxInputBytes);
                return (ScenarioLoader.Parse(standardInput, limits), standardInput);
            }

            Scenario scenario = ScenarioLoader.LoadFile(path, limits);
            return (scenario, File.ReadAllText(path));
        }
        catch (ScenarioFormatException e)
        {
            // A file of another kind (a result, a trace) is named as such; the size cap still holds while looking.
            string? text = standardInput ?? TryRead(path, limits.MaxInputBytes);
            context.BadInput((text is null ? null : InputKind.Mismatch(InputPath.Name(path), text, InputKind.Scenario, ScenarioHint)) ?? Describe(path, e));
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
        string? text = null;
        try
        {
            text = InputPath.ReadText(context, path);
            return TraceLog.Parse(text);
        }
        catch (TraceFormatException e)
        {
            context.BadInput(InputKind.Mismatch(InputPath.Name(path), text ?? string.Empty, InputKind.Trace, TraceHint) ?? $"{InputPath.Name(path)}:{e.LineNumber}: {e.Problem}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.BadInput($"{InputPath.Name(path)}: {e.Message}");
        }

        return null;
    }

    private const string ScenarioHint = "a scenario names devices and steps; see docs/SCENARIOS.md";
    private const string TraceHint = "traces are written by 'dmio-sim run --trace' or 'dmio-sim record'";

    private static string? TryRead(string path, long maxBytes)
    {
        try
        {
            return new FileInfo(path).Length <= maxBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string Describe(string path, ScenarioFormatException e) => $"{InputPath.Name(path)}:{e.Line}:{e.Column}: {e.JsonPath}: {e.Problem}";
}
