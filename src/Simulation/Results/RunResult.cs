using System.Text.Json;
using DmIo.FaultInjection;
using DmIo.Simulation.Running;

namespace DmIo.Simulation.Results;

/// <summary>
/// Everything a run produced: per-step outcomes, the fault record, every observed bio with its virtual timing, the
/// final digest of every backend, and the unmet expectations. <see cref="ToJson"/> is the documented, stable result
/// format (docs/SCENARIOS.md): fixed key order, no wall-clock time, byte-identical for the same scenario and seed.
/// </summary>
public sealed class RunResult
{
    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>The seed it ran with.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Step outcomes, in order (a run stopped by an error has fewer).</summary>
    public required IReadOnlyList<StepOutcome> Steps { get; init; }

    /// <summary>Every fault decision, in order.</summary>
    public required IReadOnlyList<FaultDecision> Faults { get; init; }

    /// <summary>Every bio the named devices saw, in submission order.</summary>
    public required IReadOnlyList<BioSpan> Bios { get; init; }

    /// <summary>Final state of every device, in declaration order.</summary>
    public required IReadOnlyList<DeviceOutcome> Devices { get; init; }

    /// <summary>What stopped the run early (a stall, a trace divergence), or null.</summary>
    public string? Error { get; init; }

    /// <summary>Virtual time at the end.</summary>
    public required long EndNanoseconds { get; init; }

    /// <summary>The run's trace (JSON lines); empty when the run did not record one (<see cref="RunOptions.RecordTrace"/>).</summary>
    public required string Trace { get; init; }

    /// <summary>The step index at which a replay diverged, or null.</summary>
    public int? DivergenceStep { get; init; }

    /// <summary>The reference trace's line at the divergence, or null.</summary>
    public string? DivergenceExpected { get; init; }

    /// <summary>The replay's line at the divergence, or null.</summary>
    public string? DivergenceActual { get; init; }

    /// <summary>Every unmet expectation, prefixed by its step.</summary>
    public IReadOnlyList<string> Failures =>
        [.. Steps.SelectMany(s => s.Failures.Select(f => $"step {s.Index} ({s.Kind}{(s is RequestOutcome r ? " " + r.Id : string.Empty)}): {f}"))];

    /// <summary>True when the run finished and every expectation held.</summary>
    public bool Passed => Error is null && Steps.All(s => s.Failures.Count == 0);

    /// <summary>The result document.</summary>
    /// <returns>Indented JSON ending with a newline.</returns>
    public string ToJson() => ResultJson.Build(Write);

    private void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("format", SimulationAssembly.FormatVersion);
        w.WriteString("scenario", Scenario);
        w.WriteNumber("seed", Seed);
        w.WriteBoolean("passed", Passed);
        ResultJson.WriteNullable(w, "error", Error);
        w.WriteNumber("end_ns", EndNanoseconds);
        w.WriteStartArray("steps");
        foreach (StepOutcome step in Steps)
        {
            step.Write(w);
        }

        w.WriteEndArray();
        w.WriteStartArray("faults");
        foreach (FaultDecision f in Faults)
        {
            w.WriteStartObject();
            w.WriteNumber("seq", f.Sequence);
            w.WriteNumber("t", f.TimeNanoseconds);
            w.WriteString("dev", f.Device);
            w.WriteNumber("bio", f.BioId);
            w.WriteString("op", f.Operation.ToShortName());
            w.WriteNumber("sector", f.Sector);
            w.WriteNumber("count", f.Count);
            w.WriteString("rule", f.Rule);
            w.WriteString("action", f.Action);
            w.WriteString("status", f.Status.ToShortName());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("bios");
        foreach (BioSpan b in Bios)
        {
            WriteBio(w, b);
        }

        w.WriteEndArray();
        w.WriteStartArray("devices");
        foreach (DeviceOutcome d in Devices)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Name);
            w.WriteString("kind", d.Kind);
            w.WriteNumber("sectors", d.Sectors);
            ResultJson.WriteNullable(w, "digest", d.Digest);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("failures");
        foreach (string failure in Failures)
        {
            w.WriteStringValue(failure);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes one bio span as a compact object (shared with the serve protocol).</summary>
    /// <param name="w">The writer.</param>
    /// <param name="b">The span.</param>
    public static void WriteBio(Utf8JsonWriter w, BioSpan b)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        w.WriteStartObject();
        w.WriteString("dev", b.Device);
        w.WriteNumber("bio", b.BioId);
        w.WriteNumber("step", b.Step);
        w.WriteString("op", b.Operation.ToShortName());
        w.WriteString("flags", FlagNames.Format(b.Flags));
        w.WriteNumber("sector", b.Sector);
        w.WriteNumber("count", b.Count);
        w.WriteNumber("submit_ns", b.SubmitNanoseconds);
        w.WriteNumber("complete_ns", b.CompleteNanoseconds);
        w.WriteString("status", b.CompleteNanoseconds < 0 ? "pending" : b.Status.ToShortName());
        w.WriteEndObject();
    }
}
