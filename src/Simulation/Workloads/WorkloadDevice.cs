namespace DmIo.Simulation.Workloads;

/// <summary>A device a workload addresses: a name and a size. The scenario decides what backs it.</summary>
/// <param name="Name">The device name the requests' regions use.</param>
/// <param name="CapacitySectors">Its size in 512-byte sectors.</param>
public sealed record WorkloadDevice(string Name, long CapacitySectors);
