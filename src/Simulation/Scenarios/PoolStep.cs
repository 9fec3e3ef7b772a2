namespace DmIo.Simulation.Scenarios;

/// <summary>Grows or shrinks the legacy io pool (<c>"do": "pool"</c>: <c>dm_io_get</c> / <c>dm_io_put</c>).</summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Get">Pages to add (<c>dm_io_get</c>), or 0.</param>
/// <param name="Put">Pages to release (<c>dm_io_put</c>), or 0.</param>
/// <param name="ExpectPoolSize">The io pool size the run checks afterwards, or null.</param>
public sealed record PoolStep(int Index, string Path, int Get, int Put, int? ExpectPoolSize) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "pool";
}
