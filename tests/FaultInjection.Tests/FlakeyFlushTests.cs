using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// A PREFLUSH write with data through flakey, as 6.12's dm core runs it: the empty flush is mapped first, on its own,
/// and the data follows without PREFLUSH once the flush is done.
/// </summary>
public sealed class FlakeyFlushTests
{
    [Fact]
    public void Flakey_Up_PreflushWriteWithData_ReachesTheDeviceAsAnEmptyFlushThenTheData()
    {
        var scheduler = new SimulatedScheduler();
        var lower = new MemoryDevice("mem0", 128, QueueLimits.Brd with { VolatileWriteCache = true });
        IBlockDevice flakey = FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 5 5", scheduler, lower), null, new ScriptedChoices());
        byte[] data = Bytes.Pattern(8, seed: 3);

        TestBio write = TestBio.Write(4, data, flags: BioFlags.Preflush).SubmitTo(flakey);

        Assert.Equal((1, BlkStatus.Ok), (write.Completions, write.Status));
        Assert.Equal(2, lower.BiosSubmitted); // the flush, then the data
        Bytes.Equal(data, Bytes.Direct(lower, 4, 8), "the data after the flush");
    }

    [Fact]
    public void Flakey_DownWithDropWrites_DropsTheFlushAndTheDataAsTwoDecisions()
    {
        var scheduler = new SimulatedScheduler();
        var record = new FaultRecord();
        var lower = new MemoryDevice("mem0", 128, QueueLimits.Brd with { VolatileWriteCache = true });
        IBlockDevice flakey = FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 0 5 1 drop_writes", scheduler, lower), record, new ScriptedChoices());

        TestBio write = TestBio.Write(4, Bytes.Pattern(8, seed: 3), flags: BioFlags.Preflush).SubmitTo(flakey);

        Assert.Equal((1, BlkStatus.Ok), (write.Completions, write.Status));
        Assert.Equal(0, lower.BiosSubmitted);
        Assert.Equal([("drop", 0L), ("drop", 8L)], record.Snapshot().Select(d => (d.Action, d.Count)));
    }
}
