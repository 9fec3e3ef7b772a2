using System.Text.Json;
using DmIo.Simulation.Results;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// What a sweep (or a merge of shard sweeps) found: which template, range and shard, how many seeds ran, passed and
/// failed, whether every seed of the shard ran, under which resource caps, and the failures grouped by
/// <see cref="FailureSignature"/>.
/// <see cref="ToJson"/> is the documented <c>summary.json</c> (docs/SCENARIOS.md): fixed key order, no paths, no
/// wall-clock time, no job count, so the same sweep always writes the same bytes.
/// </summary>
public sealed record SweepSummary
{
    /// <summary>The version of the <c>summary.json</c> format this build reads and writes.</summary>
    public const int FormatVersion = 2;

    /// <summary>The value of the document's <c>kind</c> key, which tells a summary from other JSON files.</summary>
    public const string DocumentKind = "dmio-sim sweep summary";

    /// <summary>How many seeds each group lists (its smallest).</summary>
    public const int SeedsPerGroup = 5;

    /// <summary>The <see cref="Stopped"/> value of a sweep interrupted by Ctrl-C.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The <see cref="Stopped"/> value of a sweep that reached <c>--max-failures</c>.</summary>
    public const string MaxFailuresReached = "max-failures";

    /// <summary>The template scenario's name.</summary>
    public required string TemplateName { get; init; }

    /// <summary>The SHA-256 of the template file's bytes, lower-case hex: shards of one sweep must agree on it.</summary>
    public required string TemplateSha256 { get; init; }

    /// <summary>The seed range.</summary>
    public required SeedRange Seeds { get; init; }

    /// <summary>The seeds of the range this summary covers; a merged summary covers them all (1/1).</summary>
    public required Shard Shard { get; init; }

    /// <summary>
    /// The resource caps every seed ran under (<c>--max-device-bytes</c> and the rest): they decide verdicts (a seed
    /// over a cap fails), so shards of one sweep must agree on them.
    /// </summary>
    public required ResourceLimits Limits { get; init; }

    /// <summary>The <c>--max-failures</c> limit, or null when there was none.</summary>
    public int? MaxFailures { get; init; }

    /// <summary>How many seeds ran.</summary>
    public required ulong SeedsRun { get; init; }

    /// <summary>How many seeds passed.</summary>
    public required ulong Passed { get; init; }

    /// <summary>How many seeds failed.</summary>
    public ulong Failed => SeedsRun - Passed;

    /// <summary>Why the sweep stopped before every seed ran (<see cref="Interrupted"/>, <see cref="MaxFailuresReached"/>), or null.</summary>
    public string? Stopped { get; init; }

    /// <summary>True when every seed of the shard ran.</summary>
    public bool Complete => Stopped is null;

    /// <summary>How many seeds the shard holds.</summary>
    public ulong SeedsInShard => Shard.SeedCount(Seeds);

    /// <summary>The failure groups, in <see cref="FailureGroup.InReportOrder"/>.</summary>
    public required IReadOnlyList<FailureGroup> Groups { get; init; }

    /// <summary>The <c>summary.json</c> document.</summary>
    /// <returns>Indented JSON ending with a newline.</returns>
    public string ToJson() => ResultJson.Build(Write);

    private void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("kind", DocumentKind);
        w.WriteNumber("format", FormatVersion);
        w.WriteStartObject("template");
        w.WriteString("name", TemplateName);
        w.WriteString("sha256", TemplateSha256);
        w.WriteEndObject();
        w.WriteStartObject("seeds");
        w.WriteNumber("first", Seeds.First);
        w.WriteNumber("last", Seeds.Last);
        w.WriteEndObject();
        w.WriteStartObject("shard");
        w.WriteNumber("index", Shard.Index);
        w.WriteNumber("count", Shard.Count);
        w.WriteEndObject();
        w.WriteStartObject("limits");
        w.WriteNumber("max_device_bytes", Limits.MaxDeviceBytes);
        w.WriteNumber("max_request_bytes", Limits.MaxRequestBytes);
        w.WriteNumber("max_pool_objects", Limits.MaxPoolObjects);
        w.WriteNumber("max_steps", Limits.MaxSteps);
        w.WriteNumber("max_virtual_time_ns", Limits.MaxVirtualNanoseconds);
        w.WriteNumber("max_input_bytes", Limits.MaxInputBytes);
        w.WriteEndObject();
        ResultJson.WriteNullable(w, "max_failures", MaxFailures);
        w.WriteNumber("seeds_in_shard", SeedsInShard);
        w.WriteNumber("seeds_run", SeedsRun);
        w.WriteNumber("passed", Passed);
        w.WriteNumber("failed", Failed);
        w.WriteBoolean("complete", Complete);
        ResultJson.WriteNullable(w, "stopped", Stopped);
        w.WriteStartArray("groups");
        foreach (FailureGroup group in Groups)
        {
            w.WriteStartObject();
            w.WriteString("signature", group.Signature);
            w.WriteNumber("count", group.Count);
            w.WriteStartArray("seeds");
            foreach (ulong seed in group.Seeds)
            {
                w.WriteNumberValue(seed);
            }

            w.WriteEndArray();
            w.WriteString("replay", SeedFiles.Trace(group.Seeds[0]));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
