using DmIo.Simulation.Workloads;

namespace DmIo.Properties;

/// <summary>A generated workload and the mode it runs in.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Mode">Simulated or real-thread.</param>
internal sealed record WorkloadCase(Workload Workload, RunMode Mode)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Mode} {Workload} (regenerate: dmio-sim generate --workload {Workload.Kind.ToString().ToLowerInvariant()} --seed {Workload.Seed})\n  " +
        string.Join("\n  ", Workload.Requests.Select((r, i) => $"{i}: {r}"));
}
