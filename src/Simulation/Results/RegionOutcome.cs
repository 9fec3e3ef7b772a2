namespace DmIo.Simulation.Results;

/// <summary>What happened to one region of a request.</summary>
/// <param name="Device">The device name.</param>
/// <param name="Sector">First sector.</param>
/// <param name="Count">Sectors.</param>
/// <param name="Outcome"><c>ok</c>, <c>failed</c> (its bit is set), <c>skipped</c> (count 0 without PREFLUSH), <c>not_issued</c> (the request was refused) or <c>pending</c>.</param>
/// <param name="Bios">How many bios of the region reached the device.</param>
/// <param name="Statuses">The distinct statuses those bios completed with, sorted.</param>
public sealed record RegionOutcome(string Device, long Sector, long Count, string Outcome, int Bios, IReadOnlyList<string> Statuses);
