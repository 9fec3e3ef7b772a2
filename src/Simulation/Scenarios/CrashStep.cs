namespace DmIo.Simulation.Scenarios;

/// <summary>Cuts the power of volatile write caches (<c>"do": "crash"</c>).</summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">The table device whose <c>volatile_cache</c> targets crash, or null for every cache in the scenario.</param>
public sealed record CrashStep(int Index, string Path, string? Device) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "crash";
}
