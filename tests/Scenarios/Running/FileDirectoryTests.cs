using DmIo.Simulation;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Running;

/// <summary>A run makes its temporary directory only for file backends, and removes it when disposed.</summary>
public sealed class FileDirectoryTests
{
    [Fact]
    public void Run_WithOnlyMemoryBackends_MakesNoDirectory()
    {
        Scenario scenario = new ScenarioBuilder("no-files", 1).Backend("mem", "memory", 64).Backend("sp", "sparse", 64).Backend("z", "zero", 64)
            .Request("w", BioOperation.Write, [new RegionSpec("mem", 0, 8)]).Build();

        using ScenarioRun run = ScenarioRun.Start(scenario);
        foreach (StepSpec step in scenario.Steps)
        {
            run.Execute(step);
        }

        Assert.True(run.FileDirectory is null, $"a run without file backends made '{run.FileDirectory}'");
    }

    [Fact]
    public void Run_WithAFileBackend_MakesItsDirectoryAndDisposeDeletesIt()
    {
        Scenario scenario = new ScenarioBuilder("one-file", 1).Backend("mem", "memory", 64).Backend("img", "file", 64).Build();

        string directory;
        using (ScenarioRun run = ScenarioRun.Start(scenario))
        {
            directory = Assert.IsType<string>(run.FileDirectory);
            Assert.True(File.Exists(Path.Combine(directory, "img.img")), $"no image in {directory}");
        }

        Assert.False(Directory.Exists(directory), $"{directory} outlived the run");
    }
}
