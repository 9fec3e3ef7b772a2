using System.Text.Json;
using System.Text.Json.Nodes;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Runs one scenario template under many seeds: the template's <c>seed</c> is replaced by each seed of a range that
/// belongs to the shard, runs go in parallel (each has its own simulated world), and outcomes come back in seed order.
/// A seed runs without a trace; a seed that fails runs again with one, which gives the same result (a run is
/// deterministic and the trace only watches) plus the trace to write out, so passing seeds never pay for tracing.
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
        ScenarioLoader.Parse(templateJson, limits);
        ulong[] seeds = [.. Seeds(range, shard)];
        var outcomes = new SeedOutcome[seeds.Length];
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
        {
            string json = WithSeed(templateJson, seeds[i]);
            Scenario scenario = ScenarioLoader.Parse(json, limits);
            RunResult result = ScenarioRun.Run(scenario, new RunOptions { Limits = limits, RecordTrace = false });
            if (!result.Passed)
            {
                result = ScenarioRun.Run(scenario, new RunOptions { Limits = limits });
            }

            IReadOnlyList<string> failures = result.Error is { } error ? [.. result.Failures, "stopped: " + error] : result.Failures;
            outcomes[i] = result.Passed
                ? new SeedOutcome(seeds[i], true, [], null, null, null)
                : new SeedOutcome(seeds[i], false, failures, json, result.Trace, result.ToJson());
            done?.Invoke(outcomes[i]);
        });
        return outcomes;
    }
}
