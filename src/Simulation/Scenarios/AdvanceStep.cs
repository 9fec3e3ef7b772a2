namespace DmIo.Simulation.Scenarios;

/// <summary>Moves the virtual clock forward (<c>"do": "advance"</c>), running every event due on the way.</summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Nanoseconds">How far.</param>
public sealed record AdvanceStep(int Index, string Path, long Nanoseconds) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "advance";
}
