using DmIo.FaultInjection;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation;

/// <summary>Gets the scenario a trace embeds in its first line, so a trace can be replayed or exported on its own.</summary>
public static class TraceScenario
{
    /// <summary>Loads the scenario embedded in <paramref name="trace"/>.</summary>
    /// <param name="trace">A trace written by a scenario run.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="TraceFormatException">The trace does not start with a scenario line.</exception>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    /// <exception cref="ScenarioFormatException">The embedded scenario is invalid or asks for more than a cap.</exception>
    public static Scenario Of(TraceLog trace, ResourceLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Events.Count == 0 || trace.Events[0].Kind != TraceEventKind.Mark)
        {
            throw new TraceFormatException(1, "the trace does not start with a scenario mark; it was not written by a scenario run");
        }

        using var doc = System.Text.Json.JsonDocument.Parse(trace.Events[0].Line);
        string text = doc.RootElement.GetProperty("text").GetString() ?? string.Empty;
        if (!text.StartsWith(ScenarioRun.ScenarioMarkPrefix, StringComparison.Ordinal))
        {
            throw new TraceFormatException(1, "the first line is not a scenario mark; it was not written by a scenario run");
        }

        return ScenarioLoader.Parse(text[ScenarioRun.ScenarioMarkPrefix.Length..], limits);
    }
}
