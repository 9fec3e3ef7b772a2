using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Running;

/// <summary>A run's request buffers reuse the pages of runs disposed before it; none of their bytes may show.</summary>
public sealed class PagePoolTests
{
    [Fact]
    public void BufferOfARefusedRead_ReadsAsZeros_AfterRunsThatFilledTheirBuffers()
    {
        Scenario dirty = new ScenarioBuilder("dirty", 1).Backend("disk", "memory", 256)
            .Request("w", BioOperation.Write, [new RegionSpec("disk", 0, 64)])
            .Request("r", BioOperation.Read, [new RegionSpec("disk", 0, 64)])
            .Request("v", BioOperation.Read, [new RegionSpec("disk", 0, 64)], memory: new MemorySpec(DmIoMemoryKind.Bvec, 0, null, 512)).Build();
        // dm_io() refuses a read of two regions before any I/O: the buffer keeps what it was handed out with.
        Scenario refused = new ScenarioBuilder("refused", 1).Backend("a", "memory", 64).Backend("b", "memory", 64)
            .Request("r", BioOperation.Read, [new RegionSpec("a", 0, 64), new RegionSpec("b", 0, 64)])
            .Request("v", BioOperation.Read, [new RegionSpec("a", 0, 64), new RegionSpec("b", 0, 64)], memory: new MemorySpec(DmIoMemoryKind.Bvec, 0, null, 512)).Build();
        string zeros = DmIo.FaultInjection.DataDigest.Of(new byte[64 * 512]);

        for (int round = 0; round < 20; round++)
        {
            ScenarioRun.Run(dirty);
            RunResult result = ScenarioRun.Run(refused);

            foreach (RequestOutcome read in result.Steps.OfType<RequestOutcome>())
            {
                Assert.True(read.ReturnCode == -5 && read.Data == zeros, $"round {round}, read {read.Id}: rc {read.ReturnCode}, data {read.Data}, zeros are {zeros}");
            }
        }
    }
}
