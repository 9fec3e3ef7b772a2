using System.Text.Json.Nodes;
using DmIo.FaultInjection;
using DmIo.Scenarios.Support;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using DmIo.Simulation.Sweeps;

namespace DmIo.Scenarios.Running;

/// <summary>
/// A run without a trace (<see cref="RunOptions.RecordTrace"/> off) must give the traced run's result, trace aside: a
/// sweep relies on it when it runs seeds untraced and runs only the failing ones again to get their traces.
/// </summary>
public sealed class UntracedRunTests
{
    private static readonly string CoinTemplate = File.ReadAllText(Path.Combine(ScenarioFolder.Path, "..", "..", "..", "examples", "sweep-coin.json"));

    [Fact]
    public void Run_WithoutTrace_GivesTheTracedResultOfEveryScenario_WithAnEmptyTrace()
    {
        foreach (string file in ScenarioFolder.ScenarioFiles())
        {
            Scenario scenario = ScenarioLoader.LoadFile(file);

            RunResult traced = ScenarioRun.Run(scenario);
            RunResult untraced = ScenarioRun.Run(scenario, new RunOptions { RecordTrace = false });

            string name = Path.GetFileName(file);
            Assert.True(traced.ToJson() == untraced.ToJson(), $"{name}: results differ:\n{ApprovedSnapshot.Diff(traced.ToJson(), untraced.ToJson())}");
            Assert.True(traced.Trace.Length > 0 && untraced.Trace.Length == 0, $"{name}: traced run has {traced.Trace.Length} trace chars, untraced {untraced.Trace.Length}");
        }
    }

    [Fact]
    public void Run_ForItsVerdictOnly_FailsAndPassesAsTheFullRun_WithNullDigests()
    {
        var verdictOnly = new RunOptions { RecordTrace = false, RecordDigests = false };
        foreach (string file in ScenarioFolder.ScenarioFiles().Append(Path.Combine(ScenarioFolder.Path, "..", "..", "..", "examples", "sweep-coin.json")))
        {
            Scenario scenario = ScenarioLoader.LoadFile(file);

            RunResult full = ScenarioRun.Run(scenario);
            RunResult verdict = ScenarioRun.Run(scenario, verdictOnly);

            string name = Path.GetFileName(file);
            Assert.True(full.Passed == verdict.Passed, $"{name}: passed {full.Passed} in full, {verdict.Passed} for the verdict only");
            Assert.Equal(full.Failures, verdict.Failures);
            Assert.True(JsonNode.DeepEquals(WithoutDigests(full.ToJson()), JsonNode.Parse(verdict.ToJson())),
                $"{name}: results differ beyond digests:\n{ApprovedSnapshot.Diff(WithoutDigests(full.ToJson()).ToJsonString(), JsonNode.Parse(verdict.ToJson())!.ToJsonString())}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sweep_FailingSeeds_CarryTheTraceAndResultOfATracedRun_AndPassingSeedsNothing(bool templateSeedPasses)
    {
        // The template's own seed must not leak into the seeds run, whether it passes or fails.
        string template = templateSeedPasses ? SweepRunner.WithSeed(CoinTemplate, FirstPassingSeed()) : CoinTemplate;
        Assert.Equal(templateSeedPasses, ScenarioRun.Run(ScenarioLoader.Parse(template)).Passed);

        var outcomes = new List<SeedOutcome>();
        SweepRunner.Run(template, new SeedRange(1, 40), Shard.All, jobs: 2, ResourceLimits.Default, o =>
        {
            outcomes.Add(o);
            return true;
        }, CancellationToken.None);

        Assert.Contains(outcomes, o => o.Passed);
        Assert.Contains(outcomes, o => !o.Passed);
        foreach (SeedOutcome outcome in outcomes)
        {
            RunResult traced = ScenarioRun.Run(ScenarioLoader.Parse(SweepRunner.WithSeed(template, outcome.Seed)));
            Assert.True(outcome.Passed == traced.Passed, $"seed {outcome.Seed}: sweep says passed={outcome.Passed}, a traced run {traced.Passed}");
            if (outcome.Passed)
            {
                Assert.True(outcome.Trace is null && outcome.ResultJson is null, $"seed {outcome.Seed} passed but kept a trace or result");
                continue;
            }

            Assert.True(outcome.Trace == traced.Trace, $"seed {outcome.Seed}: the sweep's trace is not the traced run's ({outcome.Trace?.Length} chars vs {traced.Trace.Length})");
            Assert.True(outcome.ResultJson == traced.ToJson(), $"seed {outcome.Seed}: results differ:\n{ApprovedSnapshot.Diff(traced.ToJson(), outcome.ResultJson ?? string.Empty)}");
        }
    }

    [Fact]
    public void Replay_WithoutTrace_IsRefused()
    {
        Scenario scenario = ScenarioLoader.Parse(SweepRunner.WithSeed(CoinTemplate, 1));
        TraceLog log = TraceLog.Parse(ScenarioRun.Run(scenario).Trace);

        var e = Assert.Throws<ArgumentException>(() => ScenarioRun.Run(scenario, new RunOptions { Replay = log, RecordTrace = false }));
        Assert.Contains("RecordTrace", e.Message, StringComparison.Ordinal);
    }

    private static ulong FirstPassingSeed() =>
        Enumerable.Range(1, 100).Select(s => (ulong)s).First(s => ScenarioRun.Run(ScenarioLoader.Parse(SweepRunner.WithSeed(CoinTemplate, s))).Passed);

    // The full result with every digest a verdict-only run leaves out set to null: devices' and read requests' data.
    private static JsonNode WithoutDigests(string json)
    {
        JsonNode root = JsonNode.Parse(json)!;
        foreach (JsonNode? device in root["devices"]!.AsArray())
        {
            device!["digest"] = null;
        }

        foreach (JsonNode? step in root["steps"]!.AsArray())
        {
            if ((string?)step!["do"] == "io")
            {
                step["data"] = null;
            }
        }

        return root;
    }
}
