namespace DmIo.Simulation.Running;

/// <summary>
/// A named point in a run, set by a <c>mark</c> step (the scenario's stand-in for dm-log-writes' <c>mark &lt;name&gt;</c>
/// message); <see cref="Export.LogWritesExporter"/> writes it as a mark entry.
/// </summary>
/// <param name="Name">The mark's text.</param>
/// <param name="Sequence">Where it falls among the run's bio submissions and completions (<see cref="BioSpan.SubmitSequence"/>).</param>
public sealed record RunMark(string Name, long Sequence);
