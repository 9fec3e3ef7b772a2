namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Reads a table device's status and table text (<c>"do": "status"</c>), as <c>dmsetup status</c> and
/// <c>dmsetup table</c> print them, and optionally checks them.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">The table device.</param>
/// <param name="ExpectStatus">The status text the run checks (every line, each ending in a newline), or null.</param>
/// <param name="ExpectTable">The table text the run checks, or null.</param>
public sealed record StatusStep(int Index, string Path, string Device, string? ExpectStatus, string? ExpectTable) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "status";
}
