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
/// Seeds are produced lazily and at most a few per job are in flight or waiting, so memory does not grow with the range.
/// </summary>
public static class SweepRunner
{
    /// <summary>How many seeds per job may be running or waiting for their turn to be consumed.</summary>
    public const int SeedsPerJobInWindow = 32;

    /// <summary>
    /// How many consecutive seeds a worker takes at once (and hands back at once). A seed takes tens of
    /// microseconds, so handing them over one at a time cost a futex wake and a context switch per seed: with two
    /// jobs on two cores the threads spent more time handing over than running.
    /// </summary>
    public const int SeedsPerBatch = 8;

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
        ArgumentNullException.ThrowIfNull(templateJson);
        ArgumentNullException.ThrowIfNull(limits);
        return RunSeed(templateJson, ScenarioLoader.Parse(templateJson, limits), seed, limits);
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
        Scenario template = ScenarioLoader.Parse(templateJson, limits); // loaded once; each seed runs from it
        var window = new SeedWindow(seeds, jobs * SeedsPerJobInWindow);
        using CancellationTokenRegistration stopOnCancel = cancellation.Register(window.Stop);
        var workers = new Thread[jobs];
        for (int i = 0; i < jobs; i++)
        {
            workers[i] = new Thread(() => Work(window, templateJson, template, limits)) { IsBackground = true, Name = $"sweep worker {i + 1}" };
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

    private static void Work(SeedWindow window, string templateJson, Scenario template, ResourceLimits limits)
    {
        var seeds = new ulong[SeedsPerBatch];
        var outcomes = new SeedOutcome?[SeedsPerBatch];
        var errors = new Exception?[SeedsPerBatch];
        int taken;
        while ((taken = window.TryTake(seeds, out long first)) > 0)
        {
            bool threw = false;
            for (int i = 0; i < taken; i++)
            {
                try
                {
                    (outcomes[i], errors[i]) = (RunSeed(templateJson, template, seeds[i], limits), null);
                }
#pragma warning disable CA1031 // handed to the consumer thread, which rethrows it in the seed's turn
                catch (Exception e)
#pragma warning restore CA1031
                {
                    (outcomes[i], errors[i]) = (null, e);
                    threw = true;
                }
            }

            window.Complete(first, outcomes.AsSpan(0, taken), errors.AsSpan(0, taken));
            if (threw)
            {
                window.Stop();
            }
        }
    }

    /// <summary>
    /// One seed, for its verdict only (no trace, no digests); a failing seed runs again, with both, from the seeded
    /// document. Of a loaded scenario only
    /// <see cref="Scenario.Seed"/> and <see cref="Scenario.CanonicalJson"/> depend on the seed, and an untraced run never
    /// reads CanonicalJson (it is the trace's first line), so the untraced run reuses the loaded template instead of
    /// writing and loading a document per seed. Anything the template cannot build is left to the seeded document,
    /// which reports it as a sweep always did.
    /// </summary>
    /// <param name="templateJson">The template's text, from which a failing seed's document is written.</param>
    /// <param name="template">The template, loaded once from <paramref name="templateJson"/> with <paramref name="limits"/>.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="limits">The resource caps.</param>
    /// <returns>The outcome.</returns>
    public static SeedOutcome RunSeed(string templateJson, Scenario template, ulong seed, ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(templateJson);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(limits);
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
