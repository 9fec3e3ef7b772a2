using DmIo.Scenarios.Support;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios;

/// <summary>Replays every scenario file in tests/Scenarios/scenarios: drop a file in and it is tested.</summary>
public sealed class ScenarioReplayTests
{
    /// <summary>Every scenario file, by name.</summary>
    public static TheoryData<string> Scenarios() => [.. ScenarioFolder.ScenarioFiles().Select(f => System.IO.Path.GetFileNameWithoutExtension(f))];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_HoldsItsExpectationsAndMatchesItsApprovedResult(string name)
    {
        string path = System.IO.Path.Combine(ScenarioFolder.Path, name + ".json");
        Scenario scenario = ScenarioLoader.LoadFile(path);
        Assert.False(string.IsNullOrWhiteSpace(scenario.Description), $"{name}: say in 'description' what the scenario shows.");
        RunResult result = ScenarioRun.Run(scenario);
        string json = result.ToJson();
        ApprovedSnapshot.Match(json, System.IO.Path.Combine(ScenarioFolder.Path, name));
        Assert.True(result.Passed, $"{name}: {string.Join("\n", result.Failures.Append(result.Error ?? string.Empty))}");
    }

    [Fact]
    public void Folder_HoldsAtLeastThirtyScenarios() => Assert.True(ScenarioFolder.ScenarioFiles().Count() >= 30);

    [Fact]
    public void Run_TwiceWithTheSameSeed_GivesByteIdenticalResultsAndTraces()
    {
        foreach (string file in ScenarioFolder.ScenarioFiles())
        {
            Scenario scenario = ScenarioLoader.LoadFile(file);
            RunResult first = ScenarioRun.Run(scenario);
            RunResult second = ScenarioRun.Run(scenario);
            Assert.True(first.ToJson() == second.ToJson(), $"{System.IO.Path.GetFileName(file)}: results differ:\n{ApprovedSnapshot.Diff(first.ToJson(), second.ToJson())}");
            Assert.True(first.Trace == second.Trace, $"{System.IO.Path.GetFileName(file)}: traces differ");
        }
    }
}
