namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Suspends a table device (<c>"do": "suspend"</c>), as <c>dmsetup suspend [--noflush] &lt;device&gt;</c>: the step
/// waits on the simulated clock until the bios in flight have completed and the device is suspended.
/// </summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Device">The table device.</param>
/// <param name="Noflush">True for <c>--noflush</c>: targets may push held bios back for the resume.</param>
public sealed record SuspendStep(int Index, string Path, string Device, bool Noflush) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "suspend";
}
