using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests.Limits;

/// <summary>
/// Device-mapper devices' limits as 6.12 computes them (dm_calculate_queue_limits, dm_table_set_restrictions,
/// blk_validate_limits), against hand-worked numbers.
/// </summary>
public sealed class DmTargetLimitsTests
{
    [Fact]
    public void ZeroTarget_ShowsWhatAOneLineZeroTableShowsOn612()
    {
        QueueLimits zero = new ZeroDevice("z", 64).Limits;

        Assert.Equal(ObservedLimits.ZeroTarget, zero);
        Assert.Equal(1280L, zero.MaxSectors / 2); // max_sectors_kb
    }

    [Fact]
    public void ErrorTarget_WithoutADevice_ShowsTheSameAsZero()
    {
        Assert.Equal(ObservedLimits.ZeroTarget, new ErrorDevice("e", 64).Limits);
    }

    [Fact]
    public void ErrorTarget_OverADevice_TakesItsSizes_ButDiscardsEverythingIn512ByteGranules()
    {
        // "error DEV OFFSET": io_err_iterate_devices stacks DEV, then io_err_io_hints sets max_hw_discard_sectors UINT_MAX
        // and a 512-byte granularity, and discards_supported keeps discard on although DEV has a smaller limit.
        var lower = new MemoryDevice("d", 64, ObservedLimits.NullBlk with { DiscardGranularity = 65536, MaxDiscardSectors = 1024 });

        QueueLimits error = LimitStacking.ForTarget(TargetLimitTraits.Error, [lower]);

        Assert.Equal(ObservedLimits.NullBlk with { DiscardGranularity = 512, MaxDiscardSectors = 4294967295 }, error);
    }

    [Fact]
    public void ErrorTarget_OverADeviceWithoutDiscard_StillTakesDiscards()
    {
        QueueLimits error = LimitStacking.ForTarget(TargetLimitTraits.Error, [new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased)]);

        Assert.Equal((4294967295L, 512L), (error.MaxDiscardSectors, error.DiscardGranularity));
    }

    [Fact]
    public void ZeroTarget_ServesDiscardsItself()
    {
        // dm-zero has no devices, so nothing could veto its discard; its constructor still sets discards_supported.
        Assert.True(TargetLimitTraits.Zero.DiscardsWithoutDevices);
    }

    [Fact]
    public void Linear_StartsFromItsOwnLimits_WhenGiven()
    {
        var own = new QueueLimits { MaxSectors = 64, MaxSegments = 16, MaxSegmentSize = 8192 };

        QueueLimits linear = new LinearDevice("l", new MemoryDevice("b", 64), 0, 64, own).Limits;
        QueueLimits table = new TableDevice("t", [new(0, 64, new ZeroDevice("t@0", 64))], own).Limits;

        Assert.Equal((64L, 16, 8192L), (linear.MaxSectors, linear.MaxSegments, linear.MaxSegmentSize));
        Assert.Equal((64L, 16, 8192L), (table.MaxSectors, table.MaxSegments, table.MaxSegmentSize));
    }

    [Fact]
    public void Table_KeepsTheSmallestMaxSectorsSetBelowAnyOfItsLines()
    {
        var small = new MemoryDevice("s", 64, new QueueLimits { MaxSectors = 4096, MaxHwSectors = 65536 });
        var large = new MemoryDevice("l", 64, new QueueLimits { MaxSectors = 8192, MaxHwSectors = 65536 });
        var smallFirst = new TableDevice("t", [new(0, 64, new LinearDevice("t@0", small, 0, 64)), new(64, 64, new LinearDevice("t@64", large, 0, 64))]);
        var largeFirst = new TableDevice("t", [new(0, 64, new LinearDevice("t@0", large, 0, 64)), new(64, 64, new LinearDevice("t@64", small, 0, 64))]);

        Assert.Equal((4096L, 4096L), (smallFirst.Limits.MaxSectors, largeFirst.Limits.MaxSectors));
    }

    [Fact]
    public void Linear_KeepsItsOwnMaxSectorsAboveTheDefaultCap()
    {
        var own = new QueueLimits { MaxSectors = 8192 };

        Assert.Equal(8192L, new LinearDevice("l", new ZeroDevice("z", 64), 0, 64, own).Limits.MaxSectors);
    }

    public static TheoryData<string> Backends => ["brd", "null_blk", "loop"];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Linear_OverEachKernelBackend_ShowsExactlyItsLimits(string backend)
    {
        (IBlockDevice lower, QueueLimits observed, IDisposable? owned) = Backend(backend);
        using (owned)
        {
            Assert.Equal(observed, new LinearDevice("l", lower, 8, 32).Limits);
        }
    }

    [Fact]
    public void Linear_KeepsAMaxSectorsSetBelow_AboveTheDefaultCap()
    {
        // A MaxSectors of 8192 over an unset max_hw_sectors is not what the kernel derives (2560): someone set it, and
        // the kernel's max_user_sectors carries it up through stacking.
        var lower = new MemoryDevice("m", 64, new QueueLimits { MaxSectors = 8192 });

        Assert.Equal(8192L, new LinearDevice("l", lower, 0, 64).Limits.MaxSectors);
    }

    [Fact]
    public void Linear_FollowsItsDeviceForDiscardAndWriteZeroes()
    {
        var none = new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased);
        var both = new MemoryDevice("b", 64, ObservedLimits.Loop);

        QueueLimits overNone = new LinearDevice("l", none, 0, 64).Limits;
        QueueLimits overBoth = new LinearDevice("l", both, 0, 64).Limits;

        Assert.Equal((0L, 0L, 0L), (overNone.MaxDiscardSectors, overNone.DiscardGranularity, overNone.MaxWriteZeroesSectors));
        Assert.Equal((8388607L, 4096L, 8388607L), (overBoth.MaxDiscardSectors, overBoth.DiscardGranularity, overBoth.MaxWriteZeroesSectors));
    }

    [Fact]
    public void Striped_SetsChunkSectorsIoMinAndIoOpt_FromItsChunkAndStripeCount()
    {
        StripeLeg[] legs = [new(new MemoryDevice("a", 96), 0), new(new MemoryDevice("b", 96), 0), new(new MemoryDevice("c", 96), 0)];

        QueueLimits striped = new StripedDevice("s", legs, chunkSectors: 24, lengthSectors: 288).Limits;

        Assert.Equal(ObservedLimits.Brd with { ChunkSectors = 24, IoMin = 12288, IoOpt = 36864 }, striped);
    }

    [Fact]
    public void Striped_WithAnIoOptAboveTheCap_RaisesMaxSectorsToIt()
    {
        // Four 1 MiB chunks: io_opt 4 MiB = 8192 sectors, above BLK_DEF_MAX_SECTORS_CAP, under the zero legs' max_hw_sectors.
        StripeLeg[] legs = [.. Enumerable.Range(0, 4).Select(i => new StripeLeg(new ZeroDevice($"z{i}", 4096), 0))];

        QueueLimits striped = new StripedDevice("s", legs, chunkSectors: 2048, lengthSectors: 4 * 4096).Limits;

        Assert.Equal((8192L, 1048576L, 4194304L), (striped.MaxSectors, striped.IoMin, striped.IoOpt));
    }

    [Fact]
    public void Striped_SkipsIoMinAndIoOpt_WhenEitherWouldOverflow32Bits()
    {
        IBlockDevice[] zero = [new ZeroDevice("z", 64)];

        QueueLimits ioMinOverflows = LimitStacking.ForTarget(TargetLimitTraits.Striped(1L << 23, 1), zero);
        QueueLimits ioOptOverflows = LimitStacking.ForTarget(TargetLimitTraits.Striped(1L << 22, 2), zero);

        Assert.Equal((1L << 23, 512L, 0L), (ioMinOverflows.ChunkSectors, ioMinOverflows.IoMin, ioMinOverflows.IoOpt));
        Assert.Equal((1L << 22, 512L, 0L), (ioOptOverflows.ChunkSectors, ioOptOverflows.IoMin, ioOptOverflows.IoOpt));
    }

    [Fact]
    public void Striped_OffersWriteZeroesOnlyWhenEveryLegDoes()
    {
        var withWz = new MemoryDevice("a", 64, ObservedLimits.Loop);
        var withoutWz = new MemoryDevice("b", 64, ObservedLimits.Loop with { MaxWriteZeroesSectors = 0 });

        Assert.Equal(8388607L, new StripedDevice("s", [new(withWz, 0), new(withWz, 0)], 8, 128).Limits.MaxWriteZeroesSectors);
        Assert.Equal(0L, new StripedDevice("s", [new(withWz, 0), new(withoutWz, 0)], 8, 128).Limits.MaxWriteZeroesSectors);
    }

    [Fact]
    public void Striped_OffersDiscardOnlyWhenEveryLegDoes()
    {
        // Stacking alone would keep the ram disk's discard limit (min_not_zero); dm_table_set_restrictions turns it off.
        var brd = new MemoryDevice("b", 64);
        var nullBlk = new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased);

        QueueLimits striped = new StripedDevice("s", [new(brd, 0), new(nullBlk, 0)], 8, 128).Limits;

        Assert.Equal((0L, 0L), (striped.MaxDiscardSectors, striped.DiscardGranularity));
    }

    [Fact]
    public void StackingDefaults_AreBlkSetStackingLimits()
    {
        var expected = new QueueLimits
        {
            LogicalBlockSize = 512, PhysicalBlockSize = 512, IoMin = 512, DiscardGranularity = 512, SegmentBoundaryMask = 4294967295,
            MaxSegments = 65535, MaxHwSectors = 4294967295, MaxSegmentSize = 4294967295, MaxSectors = 4294967295,
            MaxWriteZeroesSectors = 4294967295, MaxDiscardSectors = 0, IoOpt = 0, ChunkSectors = 0, VirtBoundaryMask = 0,
            VolatileWriteCache = false, Fua = false,
        };

        Assert.Equal(expected, LimitStacking.StackingDefaults);
    }

    [Fact]
    public void Table_OffersDiscardOnlyWhenEveryLineDoes()
    {
        var brd = new MemoryDevice("b", 64);
        var nullBlk = new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased);
        var table = new TableDevice("t", [new(0, 64, new LinearDevice("t@0", brd, 0, 64)), new(64, 64, new LinearDevice("t@64", nullBlk, 0, 64))]);

        Assert.Equal((0L, 0L), (table.Limits.MaxDiscardSectors, table.Limits.DiscardGranularity));
    }

    [Fact]
    public void Table_OffersWriteZeroesOnlyWhenEveryLineDoes_AndAZeroLineHasNone()
    {
        var loop = new MemoryDevice("l", 128, ObservedLimits.Loop);
        var both = new TableDevice("t", [new(0, 64, new LinearDevice("t@0", loop, 0, 64)), new(64, 64, new LinearDevice("t@64", loop, 64, 64))]);
        var withZero = new TableDevice("t", [new(0, 64, new LinearDevice("t@0", loop, 0, 64)), new(64, 64, new ZeroDevice("t@64", 64))]);

        Assert.Equal(8388607L, both.Limits.MaxWriteZeroesSectors);
        Assert.Equal(0L, withZero.Limits.MaxWriteZeroesSectors);
        Assert.Equal((8388607L, 4096L), (withZero.Limits.MaxDiscardSectors, withZero.Limits.DiscardGranularity)); // zero drops discards itself
    }

    [Fact]
    public void Table_StacksEveryLine_ItsSmallestSizesAndLargestBlocks()
    {
        // brd (255 sectors, 4096 physical) next to loop (2560 sectors, cache): 255, 4096, io_min 4096, a cache.
        var brd = new MemoryDevice("b", 64);
        var loop = new MemoryDevice("l", 64, ObservedLimits.Loop);
        var table = new TableDevice("t", [new(0, 64, new LinearDevice("t@0", brd, 0, 64)), new(64, 64, new LinearDevice("t@64", loop, 0, 64))]);

        Assert.Equal((255L, 4096, 4096L, true, 8388607L), (table.Limits.MaxSectors, table.Limits.PhysicalBlockSize, table.Limits.IoMin,
            table.Limits.VolatileWriteCache, table.Limits.MaxDiscardSectors));
    }

    private static (IBlockDevice Device, QueueLimits Observed, IDisposable? Owned) Backend(string name)
    {
        switch (name)
        {
            case "brd":
                return (new MemoryDevice("brd", 64), ObservedLimits.Brd, null);
            case "null_blk":
                return (new MemoryDevice("nullb", 64, queueKind: BlockQueueKind.RequestBased), ObservedLimits.NullBlk, null);
            default:
                string path = Path.Combine(Path.GetTempPath(), $"dmio-limits-{Guid.NewGuid():N}.img");
                SparseFileDevice file = SparseFileDevice.Create("loop", path, 64);
                return (file, ObservedLimits.Loop, new DeleteOnDispose(file, path));
        }
    }

    private sealed class DeleteOnDispose(SparseFileDevice file, string path) : IDisposable
    {
        public void Dispose()
        {
            file.Dispose();
            File.Delete(path);
        }
    }
}
