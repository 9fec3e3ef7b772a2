namespace DmIo.Simulation.Scenarios;

/// <summary>
/// A device message (<c>"do": "message"</c>), as <c>dmsetup message &lt;device&gt; &lt;sector&gt; &lt;text&gt;</c>:
/// dust messages, rule changes (<c>add</c>, <c>remove</c>, <c>list</c>, <c>clear</c>) and the scenario-level
/// <c>suspend</c> / <c>resume</c> of a rules target.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">The table device.</param>
/// <param name="Sector">Selects the table line (the target) the message goes to.</param>
/// <param name="Text">The message.</param>
/// <param name="ExpectReply">The reply the run checks, or null.</param>
/// <param name="ExpectError">True when the target must refuse the message (the kernel's -EINVAL), false when it must accept it.</param>
public sealed record MessageStep(int Index, string Path, string Device, long Sector, string Text, string? ExpectReply, bool? ExpectError)
    : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "message";
}
