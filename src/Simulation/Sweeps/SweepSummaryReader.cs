using System.Text.Json;
using DmIo.FaultInjection;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Reads a <c>summary.json</c> back, checking it the way a merge needs: every key present with its type, the counts
/// consistent with each other and with the range and shard, each group's seeds in the shard and in order.
/// </summary>
public static class SweepSummaryReader
{
    /// <summary>Parses a summary document.</summary>
    /// <param name="json">The text.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="FormatException">The text is not a valid summary; the message names the key.</exception>
    public static SweepSummary Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {JsonErrorText.Plain(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"not a sweep summary: {e.Message}", e);
        }
    }

    private static SweepSummary Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out JsonElement kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != SweepSummary.DocumentKind)
        {
            throw new FormatException($"$.kind: not \"{SweepSummary.DocumentKind}\"; this is not a sweep summary");
        }

        int format = Get(root, "format").GetInt32();
        if (format != SweepSummary.FormatVersion)
        {
            throw new FormatException($"$.format: version {format}, this build reads {SweepSummary.FormatVersion}");
        }

        JsonElement template = Get(root, "template");
        JsonElement seeds = Get(root, "seeds");
        JsonElement shard = Get(root, "shard");
        var range = new SeedRange(Get(seeds, "first").GetUInt64(), Get(seeds, "last").GetUInt64());
        var part = new Shard(Get(shard, "index").GetInt32(), Get(shard, "count").GetInt32());
        Check(Text(template, "sha256") is { Length: 64 } sha && sha.All(char.IsAsciiHexDigitLower), "$.template.sha256: not 64 lower-case hex digits");
        Check(range.First <= range.Last, "$.seeds: last is below first");
        Check(part.Count >= 1 && part.Index >= 1 && part.Index <= part.Count, "$.shard: not k/n with 1 <= k <= n");
        JsonElement maxFailures = Get(root, "max_failures");
        ResourceLimits limits = ReadLimits(Get(root, "limits"));
        var summary = new SweepSummary
        {
            TemplateName = Text(template, "name"),
            TemplateSha256 = Text(template, "sha256"),
            Seeds = range,
            Shard = part,
            Limits = limits,
            MaxFailures = maxFailures.ValueKind == JsonValueKind.Null ? null : maxFailures.GetInt32(),
            SeedsRun = Get(root, "seeds_run").GetUInt64(),
            Passed = Get(root, "passed").GetUInt64(),
            Stopped = Get(root, "stopped").ValueKind == JsonValueKind.Null ? null : Text(root, "stopped"),
            Groups = [.. Get(root, "groups").EnumerateArray().Select(ReadGroup)],
        };
        Check(summary.Passed <= summary.SeedsRun && summary.SeedsRun <= summary.SeedsInShard, "$.seeds_run: passed <= seeds_run <= the shard's seeds does not hold");
        Check(Get(root, "seeds_in_shard").GetUInt64() == summary.SeedsInShard, $"$.seeds_in_shard: shard {part} of {range} holds {summary.SeedsInShard} seeds");
        Check(Get(root, "failed").GetUInt64() == summary.Failed, "$.failed: not seeds_run - passed");
        Check(Get(root, "complete").GetBoolean() == summary.Complete, "$.complete: must be true exactly when stopped is null");
        Check(summary.Stopped is null or SweepSummary.Interrupted or SweepSummary.MaxFailuresReached, $"$.stopped: null, \"{SweepSummary.Interrupted}\" or \"{SweepSummary.MaxFailuresReached}\"");
        Check(summary.Complete == (summary.SeedsRun == summary.SeedsInShard), "$.complete: a complete summary ran every seed of its shard, an incomplete one did not");
        Check(summary.Groups.Aggregate(0UL, (sum, g) => sum + g.Count) == summary.Failed, "$.groups: the counts do not add up to failed");
        Check(summary.Groups.Select(g => g.Signature).Distinct(StringComparer.Ordinal).Count() == summary.Groups.Count, "$.groups: a signature appears twice");
        foreach (FailureGroup group in summary.Groups)
        {
            Check(group.Seeds.All(s => s >= range.First && s <= range.Last && part.Contains(s)), $"$.groups: a seed of '{group.Signature}' is outside shard {part} of {range}");
        }

        return summary;
    }

    private static ResourceLimits ReadLimits(JsonElement limits)
    {
        var read = new ResourceLimits
        {
            MaxDeviceBytes = Get(limits, "max_device_bytes").GetInt64(),
            MaxRequestBytes = Get(limits, "max_request_bytes").GetInt64(),
            MaxPoolObjects = Get(limits, "max_pool_objects").GetInt32(),
            MaxSteps = Get(limits, "max_steps").GetInt32(),
            MaxVirtualNanoseconds = Get(limits, "max_virtual_time_ns").GetInt64(),
            MaxInputBytes = Get(limits, "max_input_bytes").GetInt64(),
        };
        try
        {
            read.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"$.limits: {e.ParamName} is out of range", e);
        }

        return read;
    }

    private static FailureGroup ReadGroup(JsonElement group)
    {
        var seeds = Get(group, "seeds").EnumerateArray().Select(s => s.GetUInt64()).ToList();
        var read = new FailureGroup(Text(group, "signature"), Get(group, "count").GetUInt64(), seeds);
        Check(seeds.Count >= 1 && seeds.Count <= SweepSummary.SeedsPerGroup && (ulong)seeds.Count <= read.Count, $"$.groups: '{read.Signature}' lists {seeds.Count} seeds for a count of {read.Count}");
        Check(seeds.Zip(seeds.Skip(1)).All(p => p.First < p.Second), $"$.groups: the seeds of '{read.Signature}' are not in increasing order");
        Check(seeds.Count == SweepSummary.SeedsPerGroup || (ulong)seeds.Count == read.Count, $"$.groups: '{read.Signature}' must list its smallest {SweepSummary.SeedsPerGroup} seeds, or all of them");
        return read;
    }

    private static JsonElement Get(JsonElement parent, string key) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(key, out JsonElement value) ? value : throw new FormatException($"the key '{key}' is missing");

    private static string Text(JsonElement parent, string key) =>
        Get(parent, key) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new FormatException($"the key '{key}' must be a string");

    private static void Check(bool holds, string problem)
    {
        if (!holds)
        {
            throw new FormatException(problem);
        }
    }
}
