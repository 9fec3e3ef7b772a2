using System.Text.Json;
using System.Text.Json.Nodes;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Runs one scenario template under many seeds: the template's <c>seed</c> is replaced by each seed of a range that
/// belongs to the shard, runs go in parallel (each has its own simulated world), and outcomes come back in seed order.
/// Seeds are produced lazily and at most a few per job are in flight or waiting, so memory does not grow with the range.
/// </summary>
public static class SweepRunner
{
    /// <summary>How many seeds per job may be running or waiting for their turn to be consumed.</summary>
    public const int SeedsPerJobInWindow = 4;

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

    /// <summary>Runs the template under one seed. A failing seed keeps its scenario, trace and result.</summary>
    /// <param name="templateJson">The template.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="limits">The resource caps.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ScenarioFormatException">The scenario with this seed is invalid or asks for more than a cap.</exception>
    public static SeedOutcome RunSeed(string templateJson, ulong seed, ResourceLimits limits)
    {
        string json = WithSeed(templateJson, seed);
        var result = ScenarioRun.Run(ScenarioLoader.Parse(json, limits), new RunOptions { Limits = limits });
        IReadOnlyList<string> failures = result.Error is { } error ? [.. result.Failures, "stopped: " + error] : result.Failures;
        return result.Passed
            ? new SeedOutcome(seed, true, [], null, null, null)
            : new SeedOutcome(seed, false, failures, json, result.Trace, result.ToJson());
    }

    /// <summary>
    /// Runs the seeds of the shard on <paramref name="jobs"/> worker threads and hands each outcome to
    /// <paramref name="consume"/> on the calling thread, in seed order. The outcomes consumed are always the shard's
    /// seeds from the first one up to some seed, with none skipped, whatever <paramref name="jobs"/> is: when
    /// <paramref name="consume"/> returns false nothing after that seed is consumed (seeds already running finish and
    /// are dropped); when <paramref name="cancellation"/> fires no new seed starts, and the seeds already started
    /// finish and are consumed. Returns once every worker has stopped.
    /// </summary>
    /// <param name="templateJson">The template (validated once up front: a bad template runs nothing).</param>
    /// <param name="range">The seeds.</param>
    /// <param name="shard">Which of them this process runs.</param>
    /// <param name="jobs">How many runs at once.</param>
    /// <param name="limits">The resource caps.</param>
    /// <param name="consume">Receives each outcome in seed order; returns false to stop the sweep.</param>
    /// <param name="cancellation">Stops the sweep after the seeds in flight.</param>
    /// <returns>Why the sweep ended.</returns>
    /// <exception cref="ScenarioFormatException">The template is invalid or asks for more than a cap.</exception>
    public static SweepEnd Run(string templateJson, SeedRange range, Shard shard, int jobs, ResourceLimits limits, Func<SeedOutcome, bool> consume, CancellationToken cancellation) =>
        Run(templateJson, shard.Seeds(range), jobs, limits, consume, cancellation);

    /// <summary>Runs the given seeds, in their order, as <see cref="Run(string, SeedRange, Shard, int, ResourceLimits, Func{SeedOutcome, bool}, CancellationToken)"/> does.</summary>
    internal static SweepEnd Run(string templateJson, IEnumerable<ulong> seeds, int jobs, ResourceLimits limits, Func<SeedOutcome, bool> consume, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(templateJson);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(consume);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ScenarioLoader.Parse(templateJson, limits);
        var window = new SeedWindow(seeds, jobs * SeedsPerJobInWindow);
        using CancellationTokenRegistration stopOnCancel = cancellation.Register(window.Stop);
        var workers = new Thread[jobs];
        for (int i = 0; i < jobs; i++)
        {
            workers[i] = new Thread(() => Work(window, templateJson, limits)) { IsBackground = true, Name = $"sweep worker {i + 1}" };
            workers[i].Start();
        }

        bool consumerStopped = false;
        try
        {
            while (window.TryNext(out SeedOutcome outcome))
            {
                if (!consume(outcome))
                {
                    consumerStopped = true;
                    break;
                }
            }
        }
        finally
        {
            window.Stop();
            foreach (Thread worker in workers)
            {
                worker.Join();
            }
        }

        return consumerStopped ? SweepEnd.StoppedByConsumer : window.RanToEnd() ? SweepEnd.Completed : SweepEnd.Interrupted;
    }

    private static void Work(SeedWindow window, string templateJson, ResourceLimits limits)
    {
        while (window.TryTake(out long number, out ulong seed))
        {
            try
            {
                window.Complete(number, RunSeed(templateJson, seed, limits), null);
            }
#pragma warning disable CA1031 // handed to the consumer thread, which rethrows it in the seed's turn
            catch (Exception e)
#pragma warning restore CA1031
            {
                window.Complete(number, null, e);
                window.Stop();
            }
        }
    }
}
