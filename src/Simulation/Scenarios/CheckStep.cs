namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Reads a backend's stable contents directly, past every cache and fault (<c>"do": "check"</c>), and compares
/// them with expected bytes: what is on the media, for example after a power loss.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">A backend device (memory, sparse, file or zero).</param>
/// <param name="Sector">First sector.</param>
/// <param name="Count">Sectors.</param>
/// <param name="Expect">The expected bytes.</param>
public sealed record CheckStep(int Index, string Path, string Device, long Sector, long Count, DataSpec Expect) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "check";
}
