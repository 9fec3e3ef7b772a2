using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios;

/// <summary>The <c>status</c> step: a table's <c>dmsetup status</c> and <c>dmsetup table</c> text, checked when asked.</summary>
public sealed class StatusStepTests
{
    [Fact]
    public void Status_OfAFlakeyTable_RecordsTheKernelsTextAndChecksIt()
    {
        // dm-flakey.c (6.12) flakey_status: INFO prints nothing beyond the target type; TABLE prints
        // "<dev> <offset> <up> <down>" then the features (none given: error_reads and error_writes, as flakey_ctr sets them). Lines are "<start> <len> <type> <text>\n" as dmsetup prints them.
        Scenario scenario = new ScenarioBuilder("status-step", seed: 1)
            .Backend("d0", "memory", 64)
            .Table("f", "0 64 flakey d0 0 1 0")
            .Status("f", status: "0 64 flakey \n", table: "0 64 flakey d0 0 1 0 2 error_reads error_writes\n")
            .Status("f", status: "0 64 linear \n")
            .Build();

        RunResult result = ScenarioRun.Run(scenario);

        Assert.Equal(["status: expected \"0 64 linear \n\", got \"0 64 flakey \n\""], result.Steps[1].Failures);
        Assert.Empty(result.Steps[0].Failures);
    }

    [Fact]
    public void Status_OfABackend_IsRefusedWhenTheScenarioLoads()
    {
        ScenarioBuilder builder = new ScenarioBuilder("status-backend", 1).Backend("d0", "memory", 64).Status("d0");

        ScenarioFormatException e = Assert.Throws<ScenarioFormatException>(() => builder.Build());

        Assert.Equal("$.steps[0].device", e.JsonPath);
    }
}
