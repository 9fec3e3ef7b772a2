using System.Text.Json;
using System.Text.Json.Nodes;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Runs one scenario template under many seeds: the template's <c>seed</c> is replaced by each seed of a range that
/// belongs to the shard, runs go in parallel (each has its own simulated world), and outcomes come back in seed order.
/// A seed runs first for its verdict alone, without a trace or digests; a seed that fails runs again with both, which
/// gives the same verdict (a run is deterministic, and the trace and the digests only watch) plus the trace and result
/// to write out, so passing seeds never pay for them.
/// </summary>
public static class SweepRunner
{
    /// <summary>The seeds of <paramref name="range"/> that <paramref name="shard"/> runs, in order.</summary>
    /// <param name="range">The range.</param>
    /// <param name="shard">The shard.</param>
    /// <returns>The seeds.</returns>
    public static IEnumerable<ulong> Seeds(SeedRange range, Shard shard)
    {
        for (ulong seed = range.First; ; seed++)
        {
            if (shard.Contains(seed))
            {
                yield return seed;
            }

            if (seed == range.Last)
            {
                yield break;
            }
        }
    }

    /// <summary>Returns the template text with its seed set to <paramref name="seed"/>.</summary>
    /// <param name="templateJson">A scenario document.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The scenario for that seed, indented.</returns>
    public static string WithSeed(string templateJson, ulong seed)
    {
        JsonNode root = JsonNode.Parse(templateJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
            ?? throw new FormatException("The template is empty.");
        root["seed"] = seed;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Runs every seed of the shard.</summary>
    /// <param name="templateJson">The template (validated once up front: a bad template runs nothing).</param>
    /// <param name="range">The seeds.</param>
    /// <param name="shard">Which of them this process runs.</param>
    /// <param name="jobs">How many runs at once.</param>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    /// <param name="done">Called after each seed (from worker threads).</param>
    /// <returns>The outcomes, in seed order.</returns>
    /// <exception cref="ScenarioFormatException">The template is invalid or asks for more than a cap.</exception>
    public static IReadOnlyList<SeedOutcome> Run(string templateJson, SeedRange range, Shard shard, int jobs, ResourceLimits? limits = null, Action<SeedOutcome>? done = null)
    {
        ArgumentNullException.ThrowIfNull(templateJson);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        limits ??= ResourceLimits.Default;
        Scenario template = ScenarioLoader.Parse(templateJson, limits);
        ulong[] seeds = [.. Seeds(range, shard)];
        var outcomes = new SeedOutcome[seeds.Length];
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
        {
            outcomes[i] = RunSeed(templateJson, template, seeds[i], limits);
            done?.Invoke(outcomes[i]);
        });
        return outcomes;
    }

    /// <summary>
    /// One seed, for its verdict only (no trace, no digests); a failing seed runs again, with both, from the seeded
    /// document. Of a loaded scenario only
    /// <see cref="Scenario.Seed"/> and <see cref="Scenario.CanonicalJson"/> depend on the seed, and an untraced run never
    /// reads CanonicalJson (it is the trace's first line), so the untraced run reuses the loaded template instead of
    /// writing and loading a document per seed. Anything the template cannot build is left to the seeded document,
    /// which reports it as a sweep always did.
    /// </summary>
    private static SeedOutcome RunSeed(string templateJson, Scenario template, ulong seed, ResourceLimits limits)
    {
        try
        {
            RunResult verdict = ScenarioRun.Run(template with { Seed = seed }, new RunOptions { Limits = limits, RecordTrace = false, RecordDigests = false });
            if (verdict.Passed)
            {
                return new SeedOutcome(seed, true, [], null, null, null);
            }
        }
        catch (ScenarioFormatException)
        {
            // Built from the seeded document below, the error names that document's lines, as it always has.
        }

        string json = WithSeed(templateJson, seed);
        RunResult result = ScenarioRun.Run(ScenarioLoader.Parse(json, limits), new RunOptions { Limits = limits });
        IReadOnlyList<string> failures = result.Error is { } error ? [.. result.Failures, "stopped: " + error] : result.Failures;
        return result.Passed
            ? new SeedOutcome(seed, true, [], null, null, null) // cannot happen for a deterministic run; reported as it ran
            : new SeedOutcome(seed, false, failures, json, result.Trace, result.ToJson());
    }
}
