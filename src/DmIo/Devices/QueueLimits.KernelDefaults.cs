namespace DmIo;

/// <summary>
/// The limits the kernel's own drivers show when loaded with no options (Linux 6.12). Each is what the driver
/// asks for, completed by <c>blk_validate_limits</c> (block/blk-settings.c): an unset <c>max_hw_sectors</c> becomes
/// <c>BLK_SAFE_MAX_SECTORS</c> (255), <c>max_sectors</c> becomes <c>min(max_hw_sectors, BLK_DEF_MAX_SECTORS_CAP)</c>
/// (2560), unset segment limits become <c>BLK_MAX_SEGMENTS</c> (128) and <c>BLK_MAX_SEGMENT_SIZE</c> (65536),
/// <c>io_min</c> is raised to the physical block size, and a device with discard gets a granularity of at least its
/// physical block size. The device-mapper targets' limits are computed by stacking, with the virtual devices.
/// </summary>
public sealed partial record QueueLimits
{
    /// <summary>
    /// A ram disk, <c>brd</c> (drivers/block/brd.c, <c>brd_alloc</c>): physical block <c>PAGE_SIZE</c>,
    /// <c>max_hw_discard_sectors = UINT_MAX</c>, discard granularity <c>PAGE_SIZE</c>, nothing else set. So
    /// <c>max_sectors</c> 255 (sysfs <c>max_sectors_kb</c> 127), 128 segments of at most 65536 bytes, 512/4096 block
    /// sizes, <c>io_min</c> 4096, discard up to 4294967295 sectors (<c>discard_max_bytes</c> 2199023255040) in 4096-byte
    /// granules, no write-zeroes, no volatile cache and no FUA. A bio-based driver: it takes bios whole.
    /// </summary>
    public static QueueLimits Brd { get; } = new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 4096,
        MaxSectors = 255,
        MaxHwSectors = 255,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        SegmentBoundaryMask = 0xFFFF_FFFFL,
        VirtBoundaryMask = 0,
        ChunkSectors = 0,
        IoMin = 4096,
        IoOpt = 0,
        DiscardGranularity = 4096,
        MaxDiscardSectors = 4_294_967_295L,
        MaxWriteZeroesSectors = 0,
        VolatileWriteCache = false,
        Fua = false,
    };

    /// <summary>
    /// <c>null_blk</c> with its module defaults (drivers/block/null_blk/main.c, <c>null_add_dev</c>): block size
    /// <c>bs</c> = 512 for both logical and physical, <c>max_hw_sectors</c> from <c>max_sectors</c> = 0 (so 255),
    /// no discard (<c>discard</c> = 0; with <c>discard=1</c> and memory backing it would be <c>UINT_MAX &gt;&gt; 9</c>
    /// sectors), no virtual boundary, no cache (<c>cache_size</c> = 0, so no FUA either). So <c>max_sectors</c> 255,
    /// 128 segments of at most 65536 bytes, <c>io_min</c> 512, no discard and no write-zeroes. A request-based (blk-mq)
    /// device: the block layer splits bios against these limits before it sees them.
    /// </summary>
    public static QueueLimits NullBlk { get; } = new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 255,
        MaxHwSectors = 255,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        SegmentBoundaryMask = 0xFFFF_FFFFL,
        VirtBoundaryMask = 0,
        ChunkSectors = 0,
        IoMin = 512,
        IoOpt = 0,
        DiscardGranularity = 0,
        MaxDiscardSectors = 0,
        MaxWriteZeroesSectors = 0,
        VolatileWriteCache = false,
        Fua = false,
    };

    /// <summary>
    /// A loop device over a regular file (drivers/block/loop.c, <c>loop_add</c> and <c>loop_update_limits</c>):
    /// <c>max_hw_sectors</c> 2560 (so <c>max_sectors</c> 2560, <c>max_sectors_kb</c> 1280), 512/512 block sizes
    /// (<c>io_min</c> 512), a volatile write cache because the file has <c>fsync</c> but no FUA, and discard and
    /// write-zeroes of <c>UINT_MAX &gt;&gt; 9</c> = 8388607 sectors each (hole punching), with the discard granularity
    /// the backing file system's block size (<c>f_bsize</c>), taken here as 4096 as on ext4, xfs and tmpfs. 128
    /// segments of at most 65536 bytes are the block layer's defaults. A request-based (blk-mq) device.
    /// </summary>
    public static QueueLimits Loop { get; } = new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 2560,
        MaxHwSectors = 2560,
        MaxSegments = 128,
        MaxSegmentSize = 65536,
        SegmentBoundaryMask = 0xFFFF_FFFFL,
        VirtBoundaryMask = 0,
        ChunkSectors = 0,
        IoMin = 512,
        IoOpt = 0,
        DiscardGranularity = 4096,
        MaxDiscardSectors = 8_388_607L,
        MaxWriteZeroesSectors = 8_388_607L,
        VolatileWriteCache = true,
        Fua = false,
    };
}
