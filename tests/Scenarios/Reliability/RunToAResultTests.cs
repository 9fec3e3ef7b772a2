using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Reliability;

/// <summary>
/// Issue 12: every input the loader accepts runs to a result. These once loaded and then threw out of the run
/// (an overflow in a check step), or could run the clock towards overflow; the caps can be lowered and raised.
/// </summary>
public sealed class RunToAResultTests
{
    [Theory]
    [InlineData(9223372036854775807L, 8L)]   // sector + count wrapped negative, so the end-of-device test passed
    [InlineData(9223372036854775800L, 1024L)]
    [InlineData(2048L, 1L)]                  // the first sector past the end
    [InlineData(2047L, 2L)]
    public void CheckPastTheEnd_FailsTheStep_WithoutThrowing(long sector, long count)
    {
        string check = $$"""{"do":"check","device":"d0","sector":{{sector}},"count":{{count}},"expect":{"data":{"fill":0} } }""";
        Scenario scenario = ScenarioLoader.Parse($$"""
            {"format":1,"devices":[{"name":"d0","backend":"memory","sectors":2048}],
             "steps":[{{check}},{"do":"advance","by":"1ms"}]}
            """);

        RunResult result = ScenarioRun.Run(scenario);

        Assert.Equal(2, result.Steps.Count);
        Assert.Contains($"sectors {sector}+{count} run past the end of 'd0' (2048 sectors)", result.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClockPastTheVirtualTimeCap_StopsTheRunWithAnError_AndLaterStepsDoNotRun()
    {
        // 400 ms of delay per write: the loader cannot know it, the run stops once the clock passes 1 s.
        Scenario scenario = ScenarioLoader.Parse("""
            {"format":1,"devices":[{"name":"d0","backend":"memory","sectors":2048},{"name":"slow","table":["0 2048 delay d0 0 400"]}],
             "steps":[
               {"do":"io","op":"read","regions":[{"device":"slow","sector":0,"count":8}]},
               {"do":"io","op":"read","regions":[{"device":"slow","sector":0,"count":8}]},
               {"do":"io","op":"read","regions":[{"device":"slow","sector":0,"count":8}]},
               {"do":"io","op":"read","regions":[{"device":"slow","sector":0,"count":8}]}
             ]}
            """);
        var options = new RunOptions { Limits = ResourceLimits.Default with { MaxVirtualNanoseconds = 1_000_000_000 } };

        RunResult capped = ScenarioRun.Run(scenario, options);
        RunResult free = ScenarioRun.Run(scenario);

        Assert.Equal(3, capped.Steps.Count); // 400, 800, 1200 ms: the third step passes the cap and is the last
        Assert.Equal("the virtual clock reached 1200000000 ns, past the limit of 1000000000 ns (--max-virtual-time)", capped.Error);
        Assert.False(capped.Passed);
        Assert.Equal(4, free.Steps.Count);
        Assert.Null(free.Error);
    }

    [Fact]
    public void Caps_AreExactBoundaries()
    {
        var limits = ResourceLimits.Default with { MaxRequestBytes = 8 * 512, MaxDeviceBytes = 64 * 512, MaxSteps = 2, MaxPoolObjects = 8 };
        string Scenario(long sectors, long count, int steps, int pages)
        {
            string write = $$"""{"do":"io","op":"write","regions":[{"device":"d0","sector":0,"count":{{count}} } ]}""";
            return $$"""
                {"format":1,"client":{"pages":{{pages}} },"devices":[{"name":"d0","backend":"memory","sectors":{{sectors}} }],
                 "steps":[{{string.Join(",", Enumerable.Repeat(write, steps))}}]}
                """;
        }

        ScenarioLoader.Parse(Scenario(64, 8, 2, 2), limits); // every cap reached, none passed
        Assert.Equal("$.devices[0].sectors", Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Scenario(65, 8, 2, 2), limits)).JsonPath);
        Assert.Equal("$.steps[0].regions[0].count", Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Scenario(64, 9, 2, 2), limits)).JsonPath);
        Assert.Equal("$.steps[2]", Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Scenario(64, 8, 3, 2), limits)).JsonPath);
        Assert.Equal("$.client.pages", Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Scenario(64, 8, 2, 3), limits)).JsonPath);
    }

    [Fact]
    public void DatalessRequests_AreNotChargedForABuffer()
    {
        // A discard of 2^32 sectors moves no memory: the request cap does not apply (the engine splits it).
        ScenarioLoader.Parse("""
            {"format":1,"devices":[{"name":"d0","backend":"sparse","sectors":4294967296}],
             "steps":[{"do":"io","op":"discard","regions":[{"device":"d0","sector":0,"count":4294967296}]}]}
            """);
    }

    [Fact]
    public void PoolPuts_GiveBackWhatGetsTook()
    {
        var limits = ResourceLimits.Default with { MaxPoolObjects = 8 };
        string Steps(params string[] steps) => $$"""{"format":1,"devices":[{"name":"d0","backend":"memory","sectors":8}],"steps":[{{string.Join(",", steps)}}]}""";

        ScenarioLoader.Parse(Steps("""{"do":"pool","get":2}""", """{"do":"pool","put":2}""", """{"do":"pool","get":2}"""), limits);
        ScenarioFormatException e = Assert.Throws<ScenarioFormatException>(() =>
            ScenarioLoader.Parse(Steps("""{"do":"pool","get":2}""", """{"do":"pool","put":1}""", """{"do":"pool","get":2}"""), limits));
        Assert.Equal("$.steps[2].get", e.JsonPath);
        Assert.Contains("would hold 12 io objects, past the limit of 8", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCaps_AreRefusedNamingTheCap()
    {
        Assert.Equal("MaxRequestBytes", Assert.Throws<ArgumentOutOfRangeException>(() =>
            ScenarioLoader.Parse("{}", ResourceLimits.Default with { MaxRequestBytes = ResourceLimits.MaxRequestBytesCeiling + 1 })).ParamName);
        Assert.Equal("MaxSteps", Assert.Throws<ArgumentOutOfRangeException>(() =>
            ScenarioLoader.Parse("{}", ResourceLimits.Default with { MaxSteps = 0 })).ParamName);
    }
}
