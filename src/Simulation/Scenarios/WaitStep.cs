namespace DmIo.Simulation.Scenarios;

/// <summary>Runs the scheduler until an async request has been notified, or until nothing is pending (<c>"do": "wait"</c>).</summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Id">The async request to wait for, or null to run until idle.</param>
public sealed record WaitStep(int Index, string Path, string? Id) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "wait";
}
