namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Resumes a table device (<c>"do": "resume"</c>), as <c>dmsetup resume &lt;device&gt;</c>: the bios held while it
/// was suspended are resubmitted in order.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">The table device.</param>
public sealed record ResumeStep(int Index, string Path, string Device) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "resume";
}
