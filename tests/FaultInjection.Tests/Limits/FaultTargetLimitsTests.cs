using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Limits;

/// <summary>
/// The limits the fault devices show: flakey, dust and delay as one-line dm tables on 6.12 (their lower devices'
/// limits, without write-zeroes, which none of them declares); the error target as device-mapper shows it; the
/// wrappers that stand for a property of the device itself (rules, latency) exactly their lower device's; a write
/// cache its media's plus a volatile cache and FUA. Expected numbers are literals from 6.12.
/// </summary>
public sealed class FaultTargetLimitsTests
{
    // A ram disk (brd) and a loop device, as 6.12 shows them.
    private static readonly QueueLimits Brd = new()
    {
        LogicalBlockSize = 512, PhysicalBlockSize = 4096, MaxSectors = 255, MaxHwSectors = 255, MaxSegments = 128, MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295, IoMin = 4096, DiscardGranularity = 4096, MaxDiscardSectors = 4294967295, MaxWriteZeroesSectors = 0,
    };

    private static readonly QueueLimits Loop = new()
    {
        LogicalBlockSize = 512, PhysicalBlockSize = 512, MaxSectors = 2560, MaxHwSectors = 2560, MaxSegments = 128, MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295, IoMin = 512, DiscardGranularity = 4096, MaxDiscardSectors = 8388607, MaxWriteZeroesSectors = 8388607,
        VolatileWriteCache = true,
    };

    private readonly SimulatedScheduler _scheduler = new();

    [Fact]
    public void Flakey_OverARamDisk_ShowsExactlyItsLimits()
    {
        Assert.Equal(Brd, Flakey(new MemoryDevice("m", 64)).Limits);
    }

    [Fact]
    public void Flakey_OverALoopDevice_ShowsItsLimitsWithoutWriteZeroes()
    {
        Assert.Equal(Loop with { MaxWriteZeroesSectors = 0 }, Flakey(new MemoryDevice("m", 64, Loop)).Limits);
    }

    [Fact]
    public void Dust_OverARamDisk_ShowsExactlyItsLimits_AndOverALoopDeviceNoWriteZeroes()
    {
        Assert.Equal(Brd, new DustDevice("d", new MemoryDevice("m", 64), 0, 64, 512).Limits);
        Assert.Equal(Loop with { MaxWriteZeroesSectors = 0 }, new DustDevice("d", new MemoryDevice("m", 64, Loop), 0, 64, 512).Limits);
    }

    [Fact]
    public void Delay_StacksAllThreeOfItsDevices()
    {
        // Reads on a ram disk, writes on null_blk (no discard), flushes on a loop device (a cache): the smallest sizes,
        // the larger physical block, no discard (not every device has it), no write-zeroes, and the loop's cache.
        var brd = new MemoryDevice("b", 64);
        var nullBlk = new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased);
        var loop = new MemoryDevice("l", 64, Loop);

        QueueLimits delay = new DelayDevice("d", 64, new DelayRoute(brd, 0, 1), new DelayRoute(nullBlk, 0, 1), new DelayRoute(loop, 0, 1), _scheduler).Limits;

        Assert.Equal(Brd with { MaxDiscardSectors = 0, DiscardGranularity = 0, VolatileWriteCache = true }, delay);
    }

    [Fact]
    public void Delay_OverOneRamDisk_ShowsExactlyItsLimits()
    {
        var brd = new MemoryDevice("b", 64);

        Assert.Equal(Brd, new DelayDevice("d", 64, new DelayRoute(brd, 0, 1), null, null, _scheduler).Limits);
    }

    [Fact]
    public void ErrorDevice_WithoutLimits_ShowsTheErrorTargets()
    {
        var expected = new QueueLimits
        {
            LogicalBlockSize = 512, PhysicalBlockSize = 512, MaxSectors = 2560, MaxHwSectors = 4294967295, MaxSegments = 65535,
            MaxSegmentSize = 4294967295, SegmentBoundaryMask = 4294967295, IoMin = 512, DiscardGranularity = 512, MaxDiscardSectors = 4294967295,
            MaxWriteZeroesSectors = 0,
        };

        Assert.Equal(expected, new ErrorDevice("e", 64).Limits);
    }

    [Fact]
    public void RulesAndLatency_ShowTheirLowerDevicesLimitsAndQueueKind_Unchanged()
    {
        var nullBlk = new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased);
        var choices = new RandomChoiceSource(1);

        var rules = new RuleFaultDevice("r", nullBlk, _scheduler, choices, new FaultRecord());
        var latency = new LatencyDevice("t", nullBlk, _scheduler, choices, LatencyProfile.All(new FixedLatency(0)));

        Assert.Same(nullBlk.Limits, rules.Limits);
        Assert.Same(nullBlk.Limits, latency.Limits);
        Assert.Equal(BlockQueueKind.BioBased, ((IBlockDevice)rules).QueueKind);   // the lower device splits what they pass on
        Assert.Equal(BlockQueueKind.BioBased, ((IBlockDevice)latency).QueueKind);
    }

    [Fact]
    public void VolatileWriteCache_ShowsItsMediasLimits_WithACacheAndFua()
    {
        var media = new MemoryDevice("m", 64);

        var cache = new VolatileWriteCacheDevice("c", media, _scheduler, new RandomChoiceSource(1), new FaultRecord());

        Assert.Equal(Brd with { VolatileWriteCache = true, Fua = true }, cache.Limits);
    }

    private FlakeyDevice Flakey(IBlockDevice lower) =>
        new("f", lower, 0, 64, new FlakeyConfiguration { UpIntervalSeconds = 1, DownIntervalSeconds = 0 }, _scheduler);
}
