using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// dm-flakey.rst, introduction: "Starting from the time the table is loaded, the device is available for
/// &lt;up interval&gt; seconds, then exhibits unreliable behaviour for &lt;down interval&gt; seconds, and then this
/// cycle repeats." and "If no feature parameters are present, during the periods of unreliability, all I/O
/// returns errors." Seconds here are virtual seconds of the scheduler.
/// </summary>
public sealed class FlakeyIntervalTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void Flakey_DuringUpInterval_PassesReadsAndWritesAtTheOffset()
    {
        var scheduler = new SimulatedScheduler();
        var lower = new MemoryDevice("mem0", 128);
        IBlockDevice flakey = FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 32 5 5", scheduler, lower), null, new ScriptedChoices());
        byte[] data = Bytes.Pattern(8, seed: 3);

        TestBio write = TestBio.Write(4, data).SubmitTo(flakey);
        TestBio read = TestBio.Read(4, 8).SubmitTo(flakey);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Assert.Equal(BlkStatus.Ok, read.Status);
        Bytes.Equal(data, Bytes.Direct(lower, 36, 8), "lower device at offset 32 + sector 4");
        Bytes.Equal(data, read.Buffer, "read back through flakey");
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1.999, false)]
    [InlineData(2.0, true)]
    [InlineData(4.999, true)]
    [InlineData(5.0, false)]
    [InlineData(6.5, false)]
    [InlineData(7.0, true)]
    [InlineData(12.0, true)]
    public void Flakey_UpTwoDownThree_CyclesEveryFiveVirtualSeconds(double seconds, bool down)
    {
        var scheduler = new SimulatedScheduler();
        var lower = new MemoryDevice("mem0", 64);
        var flakey = (FlakeyDevice)FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 2 3", scheduler, lower), null, new ScriptedChoices());

        scheduler.AdvanceBy((long)Math.Round(seconds * Second));

        Assert.Equal(down, flakey.IsDown);
        Assert.Equal(down ? BlkStatus.IoError : BlkStatus.Ok, TestBio.Read(0, 8).SubmitTo(flakey).Status);
    }

    [Fact]
    public void Flakey_Intervals_CountFromTheDeviceCreationNotFromTimeZero()
    {
        var scheduler = new SimulatedScheduler();
        scheduler.AdvanceBy(10 * Second);
        var lower = new MemoryDevice("mem0", 64);
        var flakey = (FlakeyDevice)FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 2 3", scheduler, lower), null, new ScriptedChoices());

        scheduler.AdvanceBy(Second); // 11 s absolute, 1 s after creation: still up
        Assert.False(flakey.IsDown);
        scheduler.AdvanceBy(Second); // 2 s after creation: down
        Assert.True(flakey.IsDown);
    }

    [Fact]
    public void Flakey_WithZeroUpInterval_IsAlwaysDown()
    {
        var scheduler = new SimulatedScheduler();
        var flakey = (FlakeyDevice)FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 0 1", scheduler, new MemoryDevice("mem0", 64)), null, new ScriptedChoices());

        Assert.True(flakey.IsDown);
        scheduler.AdvanceBy(7 * Second + Second / 2);
        Assert.True(flakey.IsDown);
    }

    [Fact]
    public void Flakey_WithNoFeatures_DuringDownInterval_FailsEveryOperationAndRecordsEachBio()
    {
        var scheduler = new SimulatedScheduler();
        var record = new FaultRecord();
        var cached = new QueueLimits { VolatileWriteCache = true };
        var lower = new MemoryDevice("mem0", 64, cached);
        IBlockDevice flakey = FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 1 1", scheduler, lower), record, new ScriptedChoices());
        scheduler.AdvanceBy(Second);

        TestBio[] bios =
        [
            TestBio.Read(0, 8, id: 1).SubmitTo(flakey),
            TestBio.Write(8, Bytes.Pattern(8), id: 2).SubmitTo(flakey),
            TestBio.Dataless(BioOperation.Discard, 16, 8, id: 3).SubmitTo(flakey),
            TestBio.Dataless(BioOperation.WriteZeroes, 24, 8, id: 4).SubmitTo(flakey),
            TestBio.Flush(id: 5).SubmitTo(flakey),
        ];

        // flakey sets no num_write_zeroes_bios, so on 6.12 the block layer refuses write-zeroes before flakey sees it.
        Assert.Equal([BlkStatus.IoError, BlkStatus.IoError, BlkStatus.IoError, BlkStatus.NotSupported, BlkStatus.IoError], bios.Select(b => b.Status));
        Assert.All(bios, b => Assert.Equal(1, b.Completions));
        Assert.Equal(0, lower.BiosSubmitted);
        IReadOnlyList<FaultDecision> decisions = record.Snapshot();
        Assert.Equal([1L, 2, 3, 5], decisions.Select(d => d.BioId));
        Assert.All(decisions, d => Assert.Equal(("error_all_io", "fail", BlkStatus.IoError, Second), (d.Rule, d.Action, d.Status, d.TimeNanoseconds)));
        Assert.Equal([(0L, 8L), (8, 8), (16, 8), (0, 0)], decisions.Select(d => (d.Sector, d.Count)));
    }

    [Fact]
    public void Flakey_AfterDownInterval_WorksAgain()
    {
        var scheduler = new SimulatedScheduler();
        var lower = new MemoryDevice("mem0", 64);
        IBlockDevice flakey = FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 1 1", scheduler, lower), null, new ScriptedChoices());

        scheduler.AdvanceBy(Second);
        Assert.Equal(BlkStatus.IoError, TestBio.Write(0, Bytes.Pattern(8)).SubmitTo(flakey).Status);
        scheduler.AdvanceBy(Second);
        Assert.Equal(BlkStatus.Ok, TestBio.Write(0, Bytes.Pattern(8)).SubmitTo(flakey).Status);
    }
}
