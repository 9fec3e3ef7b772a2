namespace DmIo.Simulation.Scenarios;

/// <summary>
/// A loaded, validated scenario (format 1): a seed, named devices, and the steps to run against them.
/// Built only by <see cref="ScenarioLoader"/>, so every reference in it has been checked.
/// </summary>
/// <param name="Name">A short name for reports.</param>
/// <param name="Description">What the scenario shows, in prose.</param>
/// <param name="Seed">Seeds the scheduler, every random fault choice and the default payload patterns.</param>
/// <param name="IoCapacity">How many io objects the dm-io client's pool holds (backpressure beyond that).</param>
/// <param name="Devices">The devices, in an order where each one comes after every device it is built over.</param>
/// <param name="Steps">The steps, in file order.</param>
/// <param name="CanonicalJson">The source document re-written compactly; embedded in traces so a trace can be replayed alone.</param>
public sealed record Scenario(string Name, string Description, ulong Seed, int IoCapacity,
    IReadOnlyList<DeviceSpec> Devices, IReadOnlyList<StepSpec> Steps, string CanonicalJson);
