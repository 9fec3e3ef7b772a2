using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>
/// Builds each <see cref="DeviceKind"/> with hand-written expectations: the limits below are what the kernel's
/// stacking rules give for these particular legs, worked out on paper, not computed by the code under test.
/// A device built without limits shows its kernel counterpart's as observed on 6.12 (brd, loop, dm-zero); a stacked
/// device shows its legs' limits as <c>blk_stack_limits</c> and <c>blk_validate_limits</c> leave them: an explicit
/// <c>max_hw_sectors</c>, <c>io_min</c> at least a physical block, a discard granularity, and dm-stripe's hints.
/// </summary>
public static class DeviceFactory
{
    /// <summary>Every kind, as xunit theory data.</summary>
    public static TheoryData<DeviceKind> AllKinds => [.. Enum.GetValues<DeviceKind>()];

    /// <summary>Kinds that store what is written (all but dm-zero).</summary>
    public static TheoryData<DeviceKind> StoringKinds => [.. Enum.GetValues<DeviceKind>().Where(k => k != DeviceKind.Zero)];

    /// <summary>Kinds whose logical block is larger than a sector, so misaligned bios exist.</summary>
    public static TheoryData<DeviceKind> LargeBlockKinds => [DeviceKind.SparseMemory4K, DeviceKind.Striped4K];

    // Tight limits for memory leaves so that bios split on every limit the engine honours.
    private static QueueLimits MemLimits => new()
    {
        MaxSectors = 64,
        MaxSegments = 16,
        MaxSegmentSize = 8192,
        MaxDiscardSectors = 256,
        MaxWriteZeroesSectors = 128,
    };

    private static QueueLimits FourK => new()
    {
        LogicalBlockSize = 4096,
        PhysicalBlockSize = 4096,
        MaxSectors = 256,
    };

    /// <summary>Builds a fresh device of <paramref name="kind"/>.</summary>
    /// <param name="kind">What to build.</param>
    /// <returns>The device and what to expect of it.</returns>
    public static DeviceUnderTest Create(DeviceKind kind) => kind switch
    {
        DeviceKind.Memory => Leaf(kind, new MemoryDevice("mem", 4096, MemLimits), ExpectedMem, 4096),
        DeviceKind.MemoryQueued => Leaf(kind, new MemoryDevice("memq", 4096, MemLimits, DeviceCompletionMode.Queued), ExpectedMem, 4096),
        DeviceKind.MemoryScheduled => Leaf(kind, new MemoryDevice("mems", 4096, MemLimits, DeviceCompletionMode.Scheduled, RealTimeScheduler.Shared), ExpectedMem, 4096),
        DeviceKind.SparseMemory => Leaf(kind, new SparseMemoryDevice("sparse", 1L << 31), ExpectedBrd, 1L << 31),
        DeviceKind.SparseMemory4K => Leaf(kind, new SparseMemoryDevice("sparse4k", 1L << 24, FourK), Expected4K, 1L << 24),
        DeviceKind.SparseFile => SparseFile(kind),
        DeviceKind.Zero => new DeviceUnderTest(kind, new ZeroDevice("zero", 1L << 20), ExpectedZeroTarget, 1L << 20, storesData: false, leaves: []),
        DeviceKind.Linear => Linear(kind),
        DeviceKind.Striped => Striped(kind),
        DeviceKind.Striped4K => Striped4K(kind),
        DeviceKind.Table => Table(kind),
        DeviceKind.DeepStack => DeepStack(kind),
        DeviceKind.ParsedTable => ParsedTable(kind),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static QueueLimits ExpectedMem => new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 64,
        MaxSegments = 16,
        MaxSegmentSize = 8192,
        MaxDiscardSectors = 256,
        MaxWriteZeroesSectors = 128,
        VolatileWriteCache = false,
        Fua = false,
    };

    // A linear window over a MemLimits leaf: the same limits, as the kernel spells them after stacking.
    private static QueueLimits ExpectedLinearOverMem => ExpectedMem with { MaxHwSectors = 64, IoMin = 512, DiscardGranularity = 512 };

    // brd on 6.12: max_sectors_kb 127, max_segments 128, max_segment_size 65536, 512/4096, io_min 4096,
    // discard_granularity 4096, discard_max_bytes 2199023255040, write_zeroes_max_bytes 0, write through.
    private static QueueLimits ExpectedBrd => new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 4096,
        MaxSectors = 255,
        MaxHwSectors = 255,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295,
        IoMin = 4096,
        DiscardGranularity = 4096,
        MaxDiscardSectors = 4294967295,
        MaxWriteZeroesSectors = 0,
        VolatileWriteCache = false,
        Fua = false,
    };

    // A loop device over a file on a 4 KiB-block file system: max_sectors_kb 1280, 512/512, discard and write-zeroes
    // of 4294966784 bytes (8388607 sectors), discard_granularity 4096, write back cache, no FUA.
    private static QueueLimits ExpectedLoop => new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 2560,
        MaxHwSectors = 2560,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295,
        IoMin = 512,
        DiscardGranularity = 4096,
        MaxDiscardSectors = 8388607,
        MaxWriteZeroesSectors = 8388607,
        VolatileWriteCache = true,
        Fua = false,
    };

    // dmsetup create z --table '0 N zero' on 6.12: max_sectors_kb 1280, max_hw_sectors_kb 2147483647, max_segments
    // 65535, max_segment_size 4294967295, 512/512, discard_granularity 512, discard_max_bytes 2199023255040, no
    // write-zeroes, write through.
    private static QueueLimits ExpectedZeroTarget => new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 2560,
        MaxHwSectors = 4294967295,
        MaxSegments = 65535,
        MaxSegmentSize = 4294967295,
        SegmentBoundaryMask = 4294967295,
        IoMin = 512,
        DiscardGranularity = 512,
        MaxDiscardSectors = 4294967295,
        MaxWriteZeroesSectors = 0,
        VolatileWriteCache = false,
        Fua = false,
    };

    // The record's own defaults, for leaves given limits built from them.
    private static QueueLimits ExpectedDefault => new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 2560,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        MaxDiscardSectors = 1L << 22,
        MaxWriteZeroesSectors = 1L << 22,
        VolatileWriteCache = false,
        Fua = false,
    };

    private static QueueLimits Expected4K => ExpectedDefault with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxSectors = 256 };

    private static DeviceUnderTest Leaf(DeviceKind kind, BlockDeviceBase device, QueueLimits expected, long capacity) =>
        new(kind, device, expected, capacity, storesData: true, leaves: [device]);

    private static DeviceUnderTest SparseFile(DeviceKind kind)
    {
        var dir = new TempDirectory();
        SparseFileDevice file = SparseFileDevice.Create("file", Path.Combine(dir.Path, "file.img"), 1L << 27);
        return new DeviceUnderTest(kind, file, ExpectedLoop, 1L << 27, storesData: true,
            leaves: [file], owned: [file, dir]);
    }

    private static DeviceUnderTest Linear(DeviceKind kind)
    {
        var mem = new MemoryDevice("mem", 4096, MemLimits);
        return new DeviceUnderTest(kind, new LinearDevice("lin", mem, 1000, 2048), ExpectedLinearOverMem, 2048, storesData: true, leaves: [mem]);
    }

    private static DeviceUnderTest Striped(DeviceKind kind)
    {
        var leg0 = new MemoryDevice("leg0", 2048, MemLimits);
        var leg1 = new MemoryDevice("leg1", 2048, MemLimits with { MaxSegments = 8 });
        var leg2 = new MemoryDevice("leg2", 2048, MemLimits with { MaxDiscardSectors = 128 });
        // width 1944 = 81 chunks of 24; the offsets leave room: 96 + 1944 <= 2048.
        var striped = new StripedDevice("str", [new(leg0, 0), new(leg1, 48), new(leg2, 96)], chunkSectors: 24, lengthSectors: 3 * 1944);
        // dm-stripe's io_hints: chunk_sectors 24, io_min 24 * 512, io_opt three times that.
        QueueLimits expected = ExpectedLinearOverMem with { MaxSegments = 8, MaxDiscardSectors = 128, ChunkSectors = 24, IoMin = 12288, IoOpt = 36864 };
        return new DeviceUnderTest(kind, striped, expected, 3 * 1944, storesData: true,
            leaves: [leg0, leg1, leg2]);
    }

    private static DeviceUnderTest Striped4K(DeviceKind kind)
    {
        var leg0 = new SparseMemoryDevice("s4k0", 1L << 20, FourK);
        var leg1 = new SparseMemoryDevice("s4k1", 1L << 20, FourK with { MaxWriteZeroesSectors = 0, VolatileWriteCache = true });
        var striped = new StripedDevice("str4k", [new(leg0, 0), new(leg1, 0)], chunkSectors: 16, lengthSectors: 1L << 21);
        // Discard granularity: one 4 KiB physical block; io_min 16 * 512, io_opt twice that; no write-zeroes (leg1 has none).
        QueueLimits expected = Expected4K with
        {
            MaxHwSectors = 256, MaxWriteZeroesSectors = 0, VolatileWriteCache = true, ChunkSectors = 16, IoMin = 8192, IoOpt = 16384, DiscardGranularity = 4096,
        };
        return new DeviceUnderTest(kind, striped, expected, 1L << 21, storesData: true,
            leaves: [leg0, leg1]);
    }

    private static DeviceUnderTest Table(DeviceKind kind)
    {
        var memA = new MemoryDevice("memA", 4096, MemLimits);
        var q0 = new MemoryDevice("q0", 1024, completion: DeviceCompletionMode.Queued);
        var q1 = new MemoryDevice("q1", 1024, completion: DeviceCompletionMode.Queued);
        var sparse = new SparseMemoryDevice("sp", 1L << 20);
        var table = new TableDevice("tbl",
        [
            new(0, 1024, new LinearDevice("tbl@0", memA, 512, 1024)),
            new(1024, 1024, new StripedDevice("tbl@1024", [new(q0, 0), new(q1, 0)], 16, 1024)),
            new(2048, 1536, new LinearDevice("tbl@2048", sparse, 4096, 1536)),
        ]);
        // The striped segment over two ram disks brings physical 4096, no write-zeroes and its hints (chunk 16, io_min 8192,
        // io_opt 16384); memA keeps the size limits tight.
        QueueLimits expected = ExpectedLinearOverMem with
        {
            PhysicalBlockSize = 4096, ChunkSectors = 16, IoMin = 8192, IoOpt = 16384, DiscardGranularity = 4096, MaxWriteZeroesSectors = 0,
        };
        return new DeviceUnderTest(kind, table, expected, 3584, storesData: true, leaves: [memA, q0, q1, sparse], boundaries: [1024, 2048]);
    }

    private static DeviceUnderTest DeepStack(DeviceKind kind)
    {
        var dir = new TempDirectory();
        SparseFileDevice file = SparseFileDevice.Create("deepfile", Path.Combine(dir.Path, "deep.img"), 1L << 16);
        var mem = new MemoryDevice("deepmem", 1L << 14, MemLimits, DeviceCompletionMode.Queued);
        var l1 = new LinearDevice("l1", file, 128, 8192);
        var l2 = new LinearDevice("l2", mem, 64, 8192);
        var striped = new StripedDevice("st", [new(l1, 0), new(l2, 0)], chunkSectors: 40, lengthSectors: 2 * 8160);
        var l3 = new LinearDevice("l3", striped, 320, 8000);
        var table = new TableDevice("deep",
        [
            new(0, 8000, l3),
            new(8000, 512, new LinearDevice("deep@8000", mem, 9000, 512)),
        ]);
        // The loop leg brings its cache and 4096-byte discard granularity; the stripe its hints (chunk 40, io_min 20480, io_opt 40960).
        QueueLimits expected = ExpectedLinearOverMem with
        {
            VolatileWriteCache = true, ChunkSectors = 40, IoMin = 20480, IoOpt = 40960, DiscardGranularity = 4096,
        };
        return new DeviceUnderTest(kind, table, expected, 8512, storesData: true,
            leaves: [file, mem], owned: [file, dir], boundaries: [8000]);
    }

    private static DeviceUnderTest ParsedTable(DeviceKind kind)
    {
        var catalog = new DeviceCatalog();
        var mem0 = new MemoryDevice("mem0", 4096, MemLimits);
        var mem1 = new MemoryDevice("mem1", 2048);
        var mem2 = new MemoryDevice("mem2", 2048);
        catalog.Add(mem0);
        catalog.Add(mem1);
        catalog.Add(mem2);
        const string table = """
            # a device made of three segments over catalogued memory
            0 1024 linear mem0 0
            1024 2048 striped 2 64 mem1 0 mem2 0

            3072 1024 linear mem0 2048
            """;
        TableDevice device = new DeviceTableParser(catalog).Create("vol", table);
        // The stripe over two ram disks: physical 4096, no write-zeroes, chunk 64, io_min 32768, io_opt 65536.
        QueueLimits expected = ExpectedLinearOverMem with
        {
            PhysicalBlockSize = 4096, ChunkSectors = 64, IoMin = 32768, IoOpt = 65536, DiscardGranularity = 4096, MaxWriteZeroesSectors = 0,
        };
        return new DeviceUnderTest(kind, device, expected, 4096, storesData: true, leaves: [mem0, mem1, mem2], boundaries: [1024, 3072]);
    }
}
