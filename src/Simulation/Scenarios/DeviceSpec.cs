using DmIo.VirtualDevices;

namespace DmIo.Simulation.Scenarios;

/// <summary>One named device of a scenario: a backend, or a table over other devices.</summary>
/// <param name="Name">Its unique name, used by regions, messages and other tables.</param>
/// <param name="Path">JSON path of its declaration, for errors.</param>
/// <param name="Kind">What it is built from.</param>
/// <param name="Sectors">Capacity of a backend in 512-byte sectors (0 for tables, whose lines define it).</param>
/// <param name="Limits">Queue limits of a backend, or null for the backend's defaults (tables stack their targets' limits).</param>
/// <param name="Completion">When a backend completes bios.</param>
/// <param name="Table">The table lines, for <see cref="DeviceKind.Table"/>.</param>
/// <param name="DependsOn">Names of the devices its table lines reference.</param>
/// <param name="Position">Where the device is declared.</param>
/// <param name="TablePositions">Where each table line is written.</param>
public sealed record DeviceSpec(string Name, string Path, DeviceKind Kind, long Sectors, QueueLimits? Limits,
    DeviceCompletionMode Completion, IReadOnlyList<string> Table, IReadOnlyList<string> DependsOn,
    SourcePosition Position = default, IReadOnlyList<SourcePosition>? TablePositions = null)
{
    /// <summary>
    /// How a memory or sparse backend takes bios (<c>"queue": "bio"</c>, the default, or <c>"request"</c>). Other
    /// backends have a fixed kind and ignore it: a file is request-based (loop), zero bio-based (dm).
    /// </summary>
    public BlockQueueKind Queue { get; init; } = BlockQueueKind.BioBased;
}
