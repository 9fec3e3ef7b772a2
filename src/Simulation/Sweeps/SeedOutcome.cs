namespace DmIo.Simulation.Sweeps;

/// <summary>One seed of a sweep. A failing seed keeps its scenario and trace so it can be written out and replayed.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Passed">True when the run finished and every expectation held.</param>
/// <param name="Failures">What failed (expectations, or what stopped the run).</param>
/// <param name="ScenarioJson">The scenario with this seed, for failing seeds; null otherwise.</param>
/// <param name="Trace">The run's trace, for failing seeds; null otherwise.</param>
/// <param name="ResultJson">The run's result, for failing seeds; null otherwise.</param>
public sealed record SeedOutcome(ulong Seed, bool Passed, IReadOnlyList<string> Failures, string? ScenarioJson, string? Trace, string? ResultJson);
