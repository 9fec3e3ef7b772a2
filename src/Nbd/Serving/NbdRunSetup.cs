using DmIo.Simulation;
using DmIo.Simulation.Scenarios;

namespace DmIo.Nbd.Serving;

/// <summary>
/// What a served session and its replay do alike before the first request: build the scenario's devices, run its
/// steps (set-up writes, messages), stop keeping bios, and write the serve mark.
/// </summary>
internal static class NbdRunSetup
{
    /// <summary>The commands the control channel takes while serving.</summary>
    public static readonly IReadOnlyCollection<string> ControlCommands = ["hello", "message", "inject", "crash", "suspend", "resume", "reload", "status", "mark", "check", "step", "quit"];

    /// <summary>Step kinds the control channel refuses: they move or wait on the virtual clock, which follows the wall clock here.</summary>
    public static readonly IReadOnlyCollection<string> RefusedStepKinds = ["advance", "wait"];

    /// <summary>Starts the run and brings it to the point where serving begins.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="exports">The exports, already checked.</param>
    /// <param name="options">How the run records.</param>
    /// <param name="stopIsError">True to throw when the steps stop the run; false (a replay) to return the stopped run.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidOperationException">The scenario's steps stopped the run (a stall); nothing is served.</exception>
    public static ScenarioRun Start(Scenario scenario, IReadOnlyList<NbdExportSpec> exports, RunOptions options, bool stopIsError)
    {
        ScenarioRun run = ScenarioRun.Start(scenario, options);
        try
        {
            foreach (StepSpec step in scenario.Steps)
            {
                run.Execute(step);
                if (run.Stopped && !stopIsError)
                {
                    return run;
                }

                if (run.Stopped)
                {
                    throw new InvalidOperationException($"the scenario's step {step.Index} ({step.Kind}) stopped the run before serving began");
                }
            }

            run.StopKeepingBios();
            run.Guard(r => r.TraceMark(NbdRequestMark.Serve(exports.Select(e => (e.Export, e.Device)))));
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>The kind (<c>do</c>) of a step object, or null when it has none that can be read.</summary>
    /// <param name="json">The step's JSON.</param>
    /// <returns>The kind.</returns>
    public static string? StepKind(string json)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("do", out var kind)
                && kind.ValueKind == System.Text.Json.JsonValueKind.String ? kind.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
