namespace DmIo.VirtualDevices.Tests.Limits;

/// <summary>
/// What 6.12 shows in /sys/block/*/queue for each kernel counterpart, written out as literals so no expectation is
/// computed by the code under test.
/// </summary>
internal static class ObservedLimits
{
    /// <summary>A ram disk (brd).</summary>
    public static QueueLimits Brd => new()
    {
        LogicalBlockSize = 512, PhysicalBlockSize = 4096, MaxSectors = 255, MaxHwSectors = 255, MaxSegments = 128, MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295, IoMin = 4096, DiscardGranularity = 4096, MaxDiscardSectors = 4294967295, MaxWriteZeroesSectors = 0,
    };

    /// <summary><c>null_blk</c> with its module defaults.</summary>
    public static QueueLimits NullBlk => new()
    {
        LogicalBlockSize = 512, PhysicalBlockSize = 512, MaxSectors = 255, MaxHwSectors = 255, MaxSegments = 128, MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295, IoMin = 512, DiscardGranularity = 0, MaxDiscardSectors = 0, MaxWriteZeroesSectors = 0,
    };

    /// <summary>A loop device over a file on a 4 KiB-block file system.</summary>
    public static QueueLimits Loop => new()
    {
        LogicalBlockSize = 512, PhysicalBlockSize = 512, MaxSectors = 2560, MaxHwSectors = 2560, MaxSegments = 128, MaxSegmentSize = 65536,
        SegmentBoundaryMask = 4294967295, IoMin = 512, DiscardGranularity = 4096, MaxDiscardSectors = 8388607, MaxWriteZeroesSectors = 8388607,
        VolatileWriteCache = true,
    };

    /// <summary>A one-line <c>zero</c> table, and a device-less <c>error</c> table.</summary>
    public static QueueLimits ZeroTarget => new()
    {
        LogicalBlockSize = 512, PhysicalBlockSize = 512, MaxSectors = 2560, MaxHwSectors = 4294967295, MaxSegments = 65535,
        MaxSegmentSize = 4294967295, SegmentBoundaryMask = 4294967295, IoMin = 512, DiscardGranularity = 512, MaxDiscardSectors = 4294967295,
        MaxWriteZeroesSectors = 0,
    };
}
