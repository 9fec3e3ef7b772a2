namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Names a point in the run (<c>"do": "mark"</c>), as <c>dmsetup message &lt;log-writes dev&gt; 0 mark &lt;name&gt;</c> does
/// for dm-log-writes: <c>export-log-writes</c> writes it as a mark entry between the writes logged before and after it.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Name">The mark's text: 1 to <see cref="MaxNameLength"/> printable ASCII characters, no spaces.</param>
public sealed record MarkStep(int Index, string Path, string Name) : StepSpec(Index, Path)
{
    /// <summary>
    /// The longest name: <c>log_mark</c> keeps at most <c>sectorsize - sizeof(struct log_write_entry) - 1</c> bytes, 479
    /// for the smallest sector size (512), so a name this long fits a log of any sector size.
    /// </summary>
    public const int MaxNameLength = 512 - 32 - 1;

    /// <inheritdoc />
    public override string Kind => "mark";
}
