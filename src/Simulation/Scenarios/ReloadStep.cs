namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Replaces a table device's table (<c>"do": "reload"</c>), as <c>dmsetup reload &lt;device&gt;</c> followed by
/// <c>dmsetup resume &lt;device&gt;</c>: the new lines are loaded (a line that cannot be loaded changes nothing), the
/// device is suspended if it is not already (flushing: the bios in flight complete first), the tables are swapped,
/// the old targets are destroyed, and the device resumes with the held bios going to the new table. This is how a
/// flakey device is taken down or up on command: dm-flakey takes no messages, so its intervals change by reload.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">The table device.</param>
/// <param name="Table">The new table's lines.</param>
/// <param name="TablePositions">Where each line is written.</param>
public sealed record ReloadStep(int Index, string Path, string Device, IReadOnlyList<string> Table, IReadOnlyList<SourcePosition> TablePositions)
    : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "reload";
}
