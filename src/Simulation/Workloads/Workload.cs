namespace DmIo.Simulation.Workloads;

/// <summary>A generated workload: the devices it needs and its requests in submission order.</summary>
/// <param name="Kind">Which client it imitates.</param>
/// <param name="Seed">The seed it was generated from; the same kind and seed give the same workload.</param>
/// <param name="Devices">The devices the regions name.</param>
/// <param name="Requests">The requests, in order.</param>
public sealed record Workload(WorkloadKind Kind, int Seed, IReadOnlyList<WorkloadDevice> Devices, IReadOnlyList<WorkloadRequest> Requests)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind} seed={Seed} devices=[{string.Join(", ", Devices.Select(d => $"{d.Name}:{d.CapacitySectors}"))}] requests={Requests.Count}";
}
