namespace DmIo.Simulation.Scenarios;

/// <summary>One region of a request: <paramref name="Count"/> sectors at <paramref name="Sector"/> on a named device.</summary>
/// <param name="Device">The device name.</param>
/// <param name="Sector">First sector.</param>
/// <param name="Count">Sectors; 0 is allowed (skipped, or one empty flush with PREFLUSH).</param>
public sealed record RegionSpec(string Device, long Sector, long Count);
