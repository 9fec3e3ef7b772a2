using System.CommandLine;
using System.Globalization;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;
using DmIo.Simulation.Sweeps;
using Spectre.Console;

namespace DmIo.Cli.Commands;

/// <summary><c>sweep &lt;template&gt; --seeds A..B [--shard k/n] [--jobs N] [--out dir]</c>: one scenario under many seeds.</summary>
internal static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        var template = new Argument<string>("template") { Description = "A scenario file; its seed is replaced by each seed of the range." };
        var seeds = new Option<string>("--seeds") { Description = "Seeds to run, inclusive: A..B.", Required = true };
        var shard = new Option<string>("--shard") { Description = "Run only shard k of n (seed mod n == k-1), e.g. 3/8.", DefaultValueFactory = _ => "1/1" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Runs at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out", "-o") { Description = "Where failing seeds' scenario, trace and result go.", DefaultValueFactory = _ => "sweep-failures" };
        var command = new Command("sweep", "Run a scenario template over a seed range; exit 1 if any seed fails, writing each failing seed's scenario and trace.")
        {
            template, seeds, shard, jobs, output,
        };
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits
            ? Execute(context, parse.GetValue(template)!, parse.GetValue(seeds)!, parse.GetValue(shard)!, parse.GetValue(jobs), parse.GetValue(output)!, limits)
            : ExitCodes.BadInput);
        return command;
    }

    private static int Execute(CliContext context, string templatePath, string seedText, string shardText, int jobs, string outDir, ResourceLimits limits)
    {
        SeedRange range;
        Shard shard;
        try
        {
            range = SeedRange.Parse(seedText);
            shard = Shard.Parse(shardText);
        }
        catch (FormatException e)
        {
            return context.BadInput(e.Message);
        }

        if (jobs < 1)
        {
            return context.BadInput($"--jobs must be at least 1, got {jobs}.");
        }

        if (ScenarioInput.Load(templatePath, context, limits) is null)
        {
            return ExitCodes.BadInput;
        }

        string template = File.ReadAllText(templatePath);
        long total = SweepRunner.Seeds(range, shard).LongCount();
        context.Output.WriteLine($"sweep {Path.GetFileName(templatePath)}: seeds {range} shard {shard} -> {total} run(s), {jobs} job(s)");
        IReadOnlyList<SeedOutcome> outcomes;
        try
        {
            outcomes = context.Interactive ? WithProgress(context, template, range, shard, jobs, total, limits) : Plain(context, template, range, shard, jobs, limits);
        }
        catch (ScenarioFormatException e)
        {
            return context.BadInput(ScenarioInput.Describe(templatePath, e));
        }

        var failed = outcomes.Where(o => !o.Passed).ToList();
        if (failed.Count > 0)
        {
            Directory.CreateDirectory(outDir);
            foreach (SeedOutcome f in failed)
            {
                string stem = Path.Combine(outDir, "seed-" + f.Seed.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(stem + ".json", f.ScenarioJson);
                File.WriteAllText(stem + ".trace.jsonl", f.Trace);
                File.WriteAllText(stem + ".result.json", f.ResultJson);
            }
        }

        context.Output.WriteLine($"{outcomes.Count - failed.Count} passed, {failed.Count} failed.");
        foreach (SeedOutcome f in failed.Take(20))
        {
            context.Output.WriteLine($"  seed {f.Seed}: {f.Failures.FirstOrDefault()}{(f.Failures.Count > 1 ? $" (+{f.Failures.Count - 1} more)" : string.Empty)}");
        }

        if (failed.Count > 0)
        {
            context.Output.WriteLine($"Failing seeds written to {outDir}/seed-<N>.json (scenario) and .trace.jsonl; replay one with: dmio-sim replay {outDir}/seed-{failed[0].Seed}.trace.jsonl");
        }

        return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static IReadOnlyList<SeedOutcome> Plain(CliContext context, string template, SeedRange range, Shard shard, int jobs, ResourceLimits limits)
    {
        object gate = new();
        return SweepRunner.Run(template, range, shard, jobs, limits, o =>
        {
            lock (gate)
            {
                context.Output.WriteLine($"seed {o.Seed}: {(o.Passed ? "pass" : "FAIL " + o.Failures.FirstOrDefault())}");
            }
        });
    }

    private static IReadOnlyList<SeedOutcome> WithProgress(CliContext context, string template, SeedRange range, Shard shard, int jobs, long total, ResourceLimits limits)
    {
        IReadOnlyList<SeedOutcome> outcomes = [];
        context.Console.Progress().Start(progress =>
        {
            ProgressTask task = progress.AddTask("seeds", maxValue: Math.Max(1, total));
            int failures = 0;
            outcomes = SweepRunner.Run(template, range, shard, jobs, limits, o =>
            {
                if (!o.Passed)
                {
                    Interlocked.Increment(ref failures);
                }

                task.Description = $"seeds ({Volatile.Read(ref failures)} failing)";
                task.Increment(1);
            });
        });
        return outcomes;
    }
}
