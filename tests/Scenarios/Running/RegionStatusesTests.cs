using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Running;

/// <summary>A region's outcome lists the distinct statuses of its bios in ordinal order, whichever bio completed first.</summary>
public sealed class RegionStatusesTests
{
    [Fact]
    public void ARegionWhoseLaterBioFails_ListsIoerrBeforeOk()
    {
        // 4096 sectors (2 MiB) through dm-io are two bios of at most 256 pages; the rule fails only the second half.
        var builder = new ScenarioBuilder("statuses", 1)
            .Backend("disk", "memory", 8192)
            .Table("r", "0 8192 rules disk 0");
        builder.Message("r", "add name=tail op=write sectors=2048-4095 action=fail:ioerr");
        builder.Request("w", BioOperation.Write, [new RegionSpec("r", 0, 4096)]);

        RunResult result = ScenarioRun.Run(builder.Build());

        RegionOutcome region = result.Steps.OfType<RequestOutcome>().Single().Regions.Single();
        Assert.True(region.Bios >= 2, $"the region went out as {region.Bios} bio(s)");
        Assert.Equal(["ioerr", "ok"], region.Statuses);
        Assert.Equal("failed", region.Outcome);
    }
}
