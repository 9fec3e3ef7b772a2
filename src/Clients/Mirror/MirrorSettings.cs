using DmIo.Clients.Logs;

namespace DmIo.Clients.Mirror;

/// <summary>What a valid mirror table line names: its dirty log, its legs in order and its features.</summary>
/// <param name="Log">The dirty log the line created; the mirror owns it from now on.</param>
/// <param name="Legs">Each leg's device and the sector the mirror starts at on it, in table order (2 to 9 legs).</param>
/// <param name="Features">The features the line lists.</param>
public sealed record MirrorSettings(IDirtyLog Log, IReadOnlyList<(IBlockDevice Device, long Offset)> Legs, MirrorFeatures Features);
