using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios;

public sealed class ScenarioBuilderTests
{
    [Fact]
    public void Builder_MirrorWorkload_ProducesAScenarioThatLoadsRunsAndMeetsItsExpectations()
    {
        var builder = new ScenarioBuilder("built-mirror", seed: 9) { Description = "two legs, one failing" }
            .Backend("d0", "memory", 256)
            .Backend("d1", "memory", 256)
            .Table("bad", "0 256 error")
            .Request("w", BioOperation.Write, [new RegionSpec("d0", 0, 8), new RegionSpec("bad", 0, 8), new RegionSpec("d1", 0, 8)],
                BioFlags.Fua, async: true, memory: MemorySpec.Default with { Kind = DmIoMemoryKind.Bvec, SegmentBytes = 1024 },
                expect: new IoExpectation(0, 0b010, null, null, 1, null))
            .Wait("w")
            .Request("r", BioOperation.Read, [new RegionSpec("d1", 0, 8)], expect: new IoExpectation(0, 0, null, new DataSpec(DataKind.SameAs, Reference: "w"), null, null))
            .Check("d0", 0, 8, new DataSpec(DataKind.SameAs, Reference: "w"));

        Scenario scenario = builder.Build();
        RunResult result = ScenarioRun.Run(scenario);

        Assert.Equal(4, scenario.Steps.Count);
        Assert.True(result.Passed, string.Join("\n", result.Failures));
        Assert.Contains("\"segment_bytes\": 1024", builder.ToJson());
        Assert.Contains("\"error_bits\": \"0x2\"", builder.ToJson());
    }

    [Fact]
    public void Builder_Reload_TakesAFlakeyDeviceDownAndTheReadFails()
    {
        ScenarioBuilder builder = new ScenarioBuilder("built-reload", seed: 2)
            .Backend("d0", "memory", 256)
            .Table("f", "0 256 flakey d0 0 1 0")
            .Reload("f", "0 256 flakey d0 0 0 1")
            .Request("r", BioOperation.Read, [new RegionSpec("f", 0, 8)], expect: new IoExpectation(-5, 1, null, null, null, null));

        RunResult result = ScenarioRun.Run(builder.Build());

        Assert.True(result.Passed, string.Join("\n", result.Failures));
        Assert.Equal("reload", result.Steps[0].Kind);
        Assert.Single(result.Faults);
    }

    [Fact]
    public void Builder_RegionOnAnUndeclaredDevice_IsRejectedWithThePath()
    {
        ScenarioBuilder builder = new ScenarioBuilder("broken", 1).Backend("d0", "memory", 64)
            .Request("w", BioOperation.Write, [new RegionSpec("ghost", 0, 8)]);

        ScenarioFormatException e = Assert.Throws<ScenarioFormatException>(() => builder.ToJson());

        Assert.Equal("$.steps[0].regions[0].device", e.JsonPath);
    }
}
