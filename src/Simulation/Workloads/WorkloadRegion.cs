namespace DmIo.Simulation.Workloads;

/// <summary>One region of a workload request.</summary>
/// <param name="Device">The device's name (one of <see cref="Workload.Devices"/>).</param>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The number of sectors; 0 only for an empty PREFLUSH.</param>
public sealed record WorkloadRegion(string Device, long Sector, long Count)
{
    /// <inheritdoc />
    public override string ToString() => $"{Device}[{Sector}+{Count}]";
}
