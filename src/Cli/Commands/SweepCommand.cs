using System.CommandLine;
using System.Runtime.InteropServices;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;
using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Commands;

/// <summary>
/// <c>sweep &lt;template&gt; --seeds A..B [--shard k/n] [--jobs N] [--out dir] [--max-failures N] [--quiet]</c>: one
/// scenario under many seeds, streamed: each failing seed's files are written in its turn, Ctrl-C stops cleanly, and a
/// <c>summary.json</c> is always written.
/// </summary>
internal static class SweepCommand
{
    /// <summary>The summary's file name in the output directory.</summary>
    public const string SummaryFile = "summary.json";

    public static Command Create(CliContext context)
    {
        var template = new Argument<string>("template") { Description = "A scenario file ('-' for standard input); its seed is replaced by each seed of the range." };
        var seeds = new Option<string>("--seeds") { Description = "Seeds to run, inclusive: A..B.", Required = true };
        var shard = new Option<string>("--shard") { Description = "Run only shard k of n (seed mod n == k-1), e.g. 3/8.", DefaultValueFactory = _ => "1/1" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Runs at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out", "-o") { Description = "The directory for summary.json and each failing seed's scenario, trace and result (created if missing).", DefaultValueFactory = _ => "sweep-failures" };
        var maxFailures = new Option<int?>("--max-failures") { Description = "Stop at the N-th failing seed in seed order; the seeds after it are not reported." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print failing seeds only (no line per passing seed, no progress)." };
        var command = new Command("sweep", "Run a scenario template over a seed range; exit 1 if any seed fails, writing each failing seed's scenario, trace and result and a summary.json.")
        {
            template, seeds, shard, jobs, output, maxFailures, quiet,
        };
        command.SetAction(parse =>
        {
            if (ResourceLimitOptions.Read(parse, context) is not { } limits)
            {
                return ExitCodes.BadInput;
            }

            SeedRange range;
            Shard part;
            try
            {
                range = SeedRange.Parse(parse.GetValue(seeds)!);
                part = Shard.Parse(parse.GetValue(shard)!);
            }
            catch (FormatException e)
            {
                return context.BadInput(e.Message);
            }

            int jobCount = parse.GetValue(jobs);
            if (jobCount < 1)
            {
                return context.BadInput($"--jobs must be at least 1, got {jobCount}.");
            }

            if (parse.GetValue(maxFailures) is int max && max < 1)
            {
                return context.BadInput($"--max-failures must be at least 1, got {max}.");
            }

            var sweep = new Sweep(parse.GetValue(template)!, range, part, jobCount, parse.GetValue(output)!, parse.GetValue(maxFailures), parse.GetValue(quiet), limits);
            return Execute(context, sweep);
        });
        return command;
    }

    private static int Execute(CliContext context, Sweep sweep)
    {
        if (!OutputPath.CheckDirectory(context, sweep.OutDir, "--out"))
        {
            return ExitCodes.BadInput;
        }

        if (ScenarioInput.LoadWithText(sweep.TemplatePath, context, sweep.Limits) is not { } template)
        {
            return ExitCodes.BadInput;
        }

        OutputPath.CreateDirectory(sweep.OutDir);
        ulong total = sweep.Shard.SeedCount(sweep.Range);
        context.Output.WriteLine($"sweep {InputPath.Name(sweep.TemplatePath)}: seeds {sweep.Range}, shard {sweep.Shard}: {total} seed(s)");
        var tally = new SweepTally(template.Scenario.Name, template.Text, sweep.Range, sweep.Shard, sweep.MaxFailures, sweep.Limits);
        SweepEnd end;
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            // The first Ctrl-C stops the sweep after the seeds in flight; a second one ends the process as usual.
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        using PosixSignalRegistration? onTerminate = StopOnTerminate(interrupt);
        try
        {
            end = SweepProgress.Show(context, total, sweep.Quiet, progress =>
                SweepRunner.Run(template.Text, sweep.Range, sweep.Shard, sweep.Jobs, sweep.Limits, outcome => Consume(sweep, tally, progress, outcome), interrupt.Token));
        }
        catch (ScenarioFormatException e)
        {
            return context.BadInput(ScenarioInput.Describe(sweep.TemplatePath, e));
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }

        SweepSummary summary = tally.Summarise(end);
        string summaryPath = Path.Combine(sweep.OutDir, SummaryFile);
        OutputPath.WriteAtomically(summaryPath, summary.ToJson());
        SweepReport.Write(context, summary, _ => sweep.OutDir, summaryPath);
        return summary.Failed == 0 && summary.Complete ? ExitCodes.Success : ExitCodes.Failed;
    }

    // SIGTERM (a Kubernetes pod deleted or preempted, a Slurm time limit, `kill`) stops the sweep like Ctrl-C, so the
    // seeds in flight finish and the summary is written within the grace period.
    private static PosixSignalRegistration? StopOnTerminate(CancellationTokenSource interrupt)
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = !interrupt.IsCancellationRequested;
                interrupt.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    // Runs on the calling thread, in seed order: the files and lines of a seed come out in its turn, whatever --jobs is.
    private static bool Consume(Sweep sweep, SweepTally tally, SweepProgress progress, SeedOutcome outcome)
    {
        tally.Add(outcome);
        if (!outcome.Passed)
        {
            foreach ((string file, string? text) in SeedFiles.All(outcome.Seed).Zip([outcome.ScenarioJson, outcome.Trace, outcome.ResultJson]))
            {
                OutputPath.WriteAtomically(Path.Combine(sweep.OutDir, file), text ?? string.Empty);
            }

            string more = outcome.Failures.Count > 1 ? $" (+{outcome.Failures.Count - 1} more)" : string.Empty;
            progress.Line($"seed {outcome.Seed}: FAIL {outcome.Failures.FirstOrDefault()}{more}");
        }
        else if (!sweep.Quiet && !progress.Visible)
        {
            progress.Line($"seed {outcome.Seed}: pass");
        }

        progress.Count(outcome.Passed);
        return !tally.MaxFailuresReached;
    }

    // What the command line asked for.
    private sealed record Sweep(string TemplatePath, SeedRange Range, Shard Shard, int Jobs, string OutDir, int? MaxFailures, bool Quiet, ResourceLimits Limits);
}
