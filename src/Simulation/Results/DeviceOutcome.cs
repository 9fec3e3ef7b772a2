namespace DmIo.Simulation.Results;

/// <summary>A device's final state in a result.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Kind">memory, sparse, file, zero or table.</param>
/// <param name="Sectors">Capacity in sectors.</param>
/// <param name="Digest">For backends: FNV-1a 64 of every byte of the stable media, 16 hex digits; null for tables (their content is their backends').</param>
public sealed record DeviceOutcome(string Name, string Kind, long Sectors, string? Digest);
