namespace DmIo.Tests.Limits;

/// <summary>
/// <see cref="QueueLimits.Stack"/> against 6.12's <c>blk_stack_limits</c>, one rule per test; every expected value is
/// worked out by hand from the kernel's source.
/// </summary>
public sealed class BlkStackLimitsTests
{
    // A plain bottom whose every field is explicit, so a test changes only what it is about.
    private static readonly QueueLimits Plain = new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 1024,
        MaxHwSectors = 2048,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        SegmentBoundaryMask = 0xFFFF_FFFFL,
        IoMin = 512,
        DiscardGranularity = 512,
        MaxDiscardSectors = 4096,
        MaxWriteZeroesSectors = 4096,
    };

    [Fact]
    public void Stack_TakesTheSmallerOfEverySizeLimit()
    {
        QueueLimits top = Plain with { MaxSectors = 512, MaxHwSectors = 4096, MaxSegments = 200, MaxSegmentSize = 8192, SegmentBoundaryMask = 0xFFFF, MaxWriteZeroesSectors = 16 };
        QueueLimits bottom = Plain with { MaxSectors = 1024, MaxHwSectors = 1024, MaxSegments = 64, MaxSegmentSize = 65536, SegmentBoundaryMask = 0xFFF, MaxWriteZeroesSectors = 64 };

        QueueLimits s = QueueLimits.Stack(top, bottom);

        Assert.Equal((512L, 1024L, 64, 8192L, 0xFFFL, 16L), (s.MaxSectors, s.MaxHwSectors, s.MaxSegments, s.MaxSegmentSize, s.SegmentBoundaryMask, s.MaxWriteZeroesSectors));
    }

    [Fact]
    public void Stack_ReadsAnUnsetMaxHwSectorsAsMaxSectors()
    {
        QueueLimits s = QueueLimits.Stack(Plain with { MaxSectors = 4096, MaxHwSectors = 0 }, Plain with { MaxSectors = 3000, MaxHwSectors = 0 });

        Assert.Equal(3000L, s.MaxHwSectors);
    }

    [Fact]
    public void Stack_TakesTheSmallerNonZeroVirtBoundary()
    {
        Assert.Equal(4095, QueueLimits.Stack(Plain, Plain with { VirtBoundaryMask = 4095 }).VirtBoundaryMask);
        Assert.Equal(511, QueueLimits.Stack(Plain with { VirtBoundaryMask = 511 }, Plain).VirtBoundaryMask);
        Assert.Equal(511, QueueLimits.Stack(Plain with { VirtBoundaryMask = 4095 }, Plain with { VirtBoundaryMask = 511 }).VirtBoundaryMask);
    }

    [Fact]
    public void Stack_TakesTheLargerBlockSizesAndIoMin()
    {
        QueueLimits s = QueueLimits.Stack(Plain with { PhysicalBlockSize = 4096, IoMin = 4096 }, Plain with { LogicalBlockSize = 1024, PhysicalBlockSize = 1024, IoMin = 8192 });

        Assert.Equal((1024, 4096, 8192L), (s.LogicalBlockSize, s.PhysicalBlockSize, s.IoMin));
    }

    [Fact]
    public void Stack_TakesTheLeastCommonMultipleOfNonZeroIoOpt()
    {
        Assert.Equal(24576L, QueueLimits.Stack(Plain with { IoOpt = 12288 }, Plain with { IoOpt = 8192 }).IoOpt);
        Assert.Equal(8192L, QueueLimits.Stack(Plain, Plain with { IoOpt = 8192 }).IoOpt);
        Assert.Equal(12288L, QueueLimits.Stack(Plain with { IoOpt = 12288 }, Plain).IoOpt);
    }

    [Fact]
    public void Stack_TakesTheGreatestCommonDivisorOfChunkSectors_OnlyFromABottomThatHasOne()
    {
        Assert.Equal(8L, QueueLimits.Stack(Plain with { ChunkSectors = 24 }, Plain with { ChunkSectors = 16 }).ChunkSectors);
        Assert.Equal(16L, QueueLimits.Stack(Plain, Plain with { ChunkSectors = 16 }).ChunkSectors);
        Assert.Equal(24L, QueueLimits.Stack(Plain with { ChunkSectors = 24 }, Plain).ChunkSectors);
    }

    [Fact]
    public void Stack_FallsBackWhenIoMinIoOptOrChunkAreNotWholePhysicalBlocks()
    {
        // io_min 6144 is not a multiple of the stacked 4096-byte physical block: it becomes 4096.
        // io_opt 6144 likewise: it becomes 0. chunk_sectors 12 is not a multiple of 8 sectors: it becomes 0.
        QueueLimits s = QueueLimits.Stack(Plain with { IoMin = 6144, IoOpt = 6144, ChunkSectors = 12 }, Plain with { PhysicalBlockSize = 4096, IoMin = 4096 });

        Assert.Equal((4096L, 0L, 0L), (s.IoMin, s.IoOpt, s.ChunkSectors));
    }

    [Fact]
    public void Stack_RoundsMaxSectorsAndMaxHwSectorsDownToWholeLogicalBlocks()
    {
        QueueLimits s = QueueLimits.Stack(Plain with { MaxSectors = 255, MaxHwSectors = 255 }, Plain with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, IoMin = 4096 });

        Assert.Equal((248L, 248L), (s.MaxSectors, s.MaxHwSectors));
    }

    [Fact]
    public void Stack_FoldsInDiscardOnlyFromABottomWithAGranularity()
    {
        QueueLimits top = Plain with { MaxDiscardSectors = 0, DiscardGranularity = 512 }; // blk_set_stacking_limits: no discard yet

        QueueLimits fromDiscarding = QueueLimits.Stack(top, Plain with { MaxDiscardSectors = 100, DiscardGranularity = 4096 });
        QueueLimits fromNonDiscarding = QueueLimits.Stack(Plain with { MaxDiscardSectors = 300 }, Plain with { MaxDiscardSectors = 0, DiscardGranularity = 0 });

        Assert.Equal((100L, 4096L), (fromDiscarding.MaxDiscardSectors, fromDiscarding.DiscardGranularity));
        Assert.Equal((300L, 512L), (fromNonDiscarding.MaxDiscardSectors, fromNonDiscarding.DiscardGranularity));
    }

    [Fact]
    public void Stack_TakesTheLargerDiscardGranularity()
    {
        Assert.Equal(4096L, QueueLimits.Stack(Plain with { DiscardGranularity = 4096 }, Plain with { DiscardGranularity = 512 }).DiscardGranularity);
        Assert.Equal(4096L, QueueLimits.Stack(Plain with { DiscardGranularity = 512 }, Plain with { DiscardGranularity = 4096 }).DiscardGranularity);
    }

    [Fact]
    public void Stack_TakesTheSmallerNonZeroDiscardLimit()
    {
        Assert.Equal(200L, QueueLimits.Stack(Plain with { MaxDiscardSectors = 300 }, Plain with { MaxDiscardSectors = 200 }).MaxDiscardSectors);
    }

    [Fact]
    public void Stack_GivesADiscardingBottomWithoutAGranularityOnePhysicalBlock()
    {
        // Limits built by hand may allow discard without naming a granularity; the kernel would show the physical block.
        QueueLimits s = QueueLimits.Stack(Plain with { MaxDiscardSectors = 0 }, Plain with { PhysicalBlockSize = 2048, DiscardGranularity = 0, MaxDiscardSectors = 64 });

        Assert.Equal((64L, 2048L), (s.MaxDiscardSectors, s.DiscardGranularity));
    }

    [Fact]
    public void Stack_InheritsAVolatileCacheAndFuaFromEitherSide()
    {
        Assert.Equal((true, true), Flags(QueueLimits.Stack(Plain with { VolatileWriteCache = true }, Plain with { Fua = true })));
        Assert.Equal((true, true), Flags(QueueLimits.Stack(Plain with { Fua = true }, Plain with { VolatileWriteCache = true })));
        Assert.Equal((false, false), Flags(QueueLimits.Stack(Plain, Plain)));
    }

    private static (bool Cache, bool Fua) Flags(QueueLimits limits) => (limits.VolatileWriteCache, limits.Fua);
}
