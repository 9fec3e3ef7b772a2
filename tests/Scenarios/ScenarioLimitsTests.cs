using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios;

/// <summary>
/// A backend's <c>limits</c> and <c>queue</c> in the scenario format: limits start from the backend's kernel
/// counterpart (expected numbers are 6.12's, written out), and every field the block layer's splitting reads can be set.
/// </summary>
public sealed class ScenarioLimitsTests
{
    [Fact]
    public void MemoryBackend_WithOneLimit_KeepsTheRestOfTheRamDisksLimits()
    {
        DeviceSpec spec = Device("""{ "name": "m", "backend": "memory", "sectors": 64, "limits": { "max_sectors": 64 } }""");

        QueueLimits l = spec.Limits!;
        Assert.Equal((64L, 0L), (l.MaxSectors, l.MaxHwSectors)); // a request size alone is the hardware's too
        Assert.Equal((512, 4096, 4096L), (l.LogicalBlockSize, l.PhysicalBlockSize, l.IoMin));
        Assert.Equal((4096L, 4294967295L, 0L), (l.DiscardGranularity, l.MaxDiscardSectors, l.MaxWriteZeroesSectors));
        Assert.Equal(BlockQueueKind.BioBased, spec.Queue);
    }

    [Fact]
    public void MemoryBackend_RequestQueue_StartsFromNullBlk()
    {
        DeviceSpec spec = Device("""{ "name": "m", "backend": "sparse", "queue": "request", "sectors": 64, "limits": { "max_segments": 4 } }""");

        QueueLimits l = spec.Limits!;
        Assert.Equal(BlockQueueKind.RequestBased, spec.Queue);
        Assert.Equal((4, 255L, 512, 0L, 0L), (l.MaxSegments, l.MaxSectors, l.PhysicalBlockSize, l.MaxDiscardSectors, l.MaxWriteZeroesSectors));
    }

    [Fact]
    public void MemoryBackend_QueueWithoutLimits_LeavesTheLimitsToTheDevice()
    {
        DeviceSpec spec = Device("""{ "name": "m", "backend": "memory", "queue": "bio", "sectors": 64 }""");

        Assert.Equal((BlockQueueKind.BioBased, (QueueLimits?)null), (spec.Queue, spec.Limits));
    }

    [Fact]
    public void FileAndZeroBackends_StartFromLoopAndTheZeroTarget()
    {
        QueueLimits file = Device("""{ "name": "f", "backend": "file", "sectors": 64, "limits": { "fua": false } }""").Limits!;
        QueueLimits zero = Device("""{ "name": "z", "backend": "zero", "sectors": 64, "limits": { "fua": false } }""").Limits!;

        Assert.Equal((2560L, 8388607L, true), (file.MaxSectors, file.MaxWriteZeroesSectors, file.VolatileWriteCache));
        Assert.Equal((2560L, 4294967295L, 65535, 0L), (zero.MaxSectors, zero.MaxHwSectors, zero.MaxSegments, zero.MaxWriteZeroesSectors));
    }

    [Fact]
    public void Limits_ReadEveryNewField()
    {
        DeviceSpec spec = Device("""
            { "name": "m", "backend": "memory", "sectors": 64, "limits": {
                "max_sectors": 128, "max_hw_sectors": 256, "seg_boundary_mask": "0xFFFF", "virt_boundary_mask": 4095,
                "chunk_sectors": 24, "io_min": 8192, "io_opt": 65536, "discard_granularity": 8192 } }
            """);

        QueueLimits l = spec.Limits!;
        Assert.Equal((128L, 256L, 0xFFFFL, 4095), (l.MaxSectors, l.MaxHwSectors, l.SegmentBoundaryMask, l.VirtBoundaryMask));
        Assert.Equal((24L, 8192L, 65536L, 8192L), (l.ChunkSectors, l.IoMin, l.IoOpt, l.DiscardGranularity));
    }

    [Fact]
    public void Limits_AHardwareCeilingAlone_GetsTheMaxSectorsTheKernelDerives()
    {
        QueueLimits capped = Device("""{ "name": "m", "backend": "memory", "sectors": 64, "limits": { "max_hw_sectors": 65536 } }""").Limits!;
        QueueLimits small = Device("""{ "name": "m", "backend": "memory", "sectors": 64, "limits": { "max_hw_sectors": 1024 } }""").Limits!;

        Assert.Equal((2560L, 65536L), (capped.MaxSectors, capped.MaxHwSectors));
        Assert.Equal((1024L, 1024L), (small.MaxSectors, small.MaxHwSectors));
    }

    [Fact]
    public void Limits_LargerLogicalBlocks_FitTheDefaultsAsTheKernelWould()
    {
        // brd's 255 sectors and 4294967295-sector discard become whole 4 KiB blocks; null_blk's 512-byte physical
        // block and io_min rise to the logical block.
        QueueLimits brd = Device("""{ "name": "m", "backend": "memory", "sectors": 64, "limits": { "logical_block_size": 4096 } }""").Limits!;
        QueueLimits nullBlk = Device("""{ "name": "m", "backend": "memory", "queue": "request", "sectors": 64, "limits": { "logical_block_size": 4096 } }""").Limits!;

        Assert.Equal((248L, 248L, 4294967288L), (brd.MaxSectors, brd.MaxHwSectors, brd.MaxDiscardSectors));
        Assert.Equal((4096, 4096L, 248L), (nullBlk.PhysicalBlockSize, nullBlk.IoMin, nullBlk.MaxSectors));
    }

    private static DeviceSpec Device(string json) =>
        ScenarioLoader.Parse($$"""{ "format": 1, "name": "limits", "seed": 1, "devices": [ {{json}} ], "steps": [ { "do": "wait" } ] }""").Devices[0];
}
