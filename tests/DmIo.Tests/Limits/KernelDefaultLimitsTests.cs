namespace DmIo.Tests.Limits;

/// <summary>
/// The named kernel defaults against the numbers a 6.12 kernel shows in /sys/block/*/queue, written out here as
/// literals (sysfs shows max_sectors_kb = max_sectors / 2, discard_max_bytes and write_zeroes_max_bytes in bytes).
/// </summary>
public sealed class KernelDefaultLimitsTests
{
    [Fact]
    public void Brd_ShowsWhatARamDiskShowsOn612()
    {
        QueueLimits brd = QueueLimits.Brd;

        Assert.Equal(127, brd.MaxSectors / 2);                 // max_sectors_kb
        Assert.Equal(255L, brd.MaxSectors);                    // BLK_SAFE_MAX_SECTORS, not rounded: 512-byte logical blocks
        Assert.Equal(255L, brd.MaxHwSectors);
        Assert.Equal(128, brd.MaxSegments);
        Assert.Equal(65536L, brd.MaxSegmentSize);
        Assert.Equal((512, 4096), (brd.LogicalBlockSize, brd.PhysicalBlockSize));
        Assert.Equal((4096L, 0L), (brd.IoMin, brd.IoOpt));
        Assert.Equal(4096L, brd.DiscardGranularity);
        Assert.Equal(2199023255040L, brd.MaxDiscardSectors * 512); // discard_max_bytes
        Assert.Equal(0L, brd.MaxWriteZeroesSectors);
        Assert.Equal((false, false), (brd.VolatileWriteCache, brd.Fua)); // write through, no FUA
        Assert.Equal((4294967295L, 0, 0L), (brd.SegmentBoundaryMask, brd.VirtBoundaryMask, brd.ChunkSectors));
        Assert.Same(brd, brd.Validate());
    }

    [Fact]
    public void NullBlk_ShowsTheModuleDefaults_NoDiscardNoWriteZeroesNoCache()
    {
        QueueLimits nullBlk = QueueLimits.NullBlk;

        Assert.Equal(127, nullBlk.MaxSectors / 2);
        Assert.Equal((255L, 255L), (nullBlk.MaxSectors, nullBlk.MaxHwSectors));
        Assert.Equal((128, 65536L), (nullBlk.MaxSegments, nullBlk.MaxSegmentSize));
        Assert.Equal((512, 512, 512L), (nullBlk.LogicalBlockSize, nullBlk.PhysicalBlockSize, nullBlk.IoMin));
        Assert.Equal((0L, 0L, 0L), (nullBlk.DiscardGranularity, nullBlk.MaxDiscardSectors, nullBlk.MaxWriteZeroesSectors));
        Assert.Equal((false, false, 0), (nullBlk.VolatileWriteCache, nullBlk.Fua, nullBlk.VirtBoundaryMask));
        Assert.Same(nullBlk, nullBlk.Validate());
    }

    [Fact]
    public void Loop_ShowsA1280KiBCap_HolePunchingDiscardAndWriteZeroes_AndAWriteBackCache()
    {
        QueueLimits loop = QueueLimits.Loop;

        Assert.Equal(1280, loop.MaxSectors / 2);
        Assert.Equal((2560L, 2560L), (loop.MaxSectors, loop.MaxHwSectors));
        Assert.Equal((128, 65536L), (loop.MaxSegments, loop.MaxSegmentSize));
        Assert.Equal((512, 512, 512L), (loop.LogicalBlockSize, loop.PhysicalBlockSize, loop.IoMin));
        Assert.Equal(4294966784L, loop.MaxDiscardSectors * 512);   // UINT_MAX >> 9 sectors
        Assert.Equal(4294966784L, loop.MaxWriteZeroesSectors * 512);
        Assert.Equal(4096L, loop.DiscardGranularity);
        Assert.Equal((true, false), (loop.VolatileWriteCache, loop.Fua));
        Assert.Same(loop, loop.Validate());
    }
}
