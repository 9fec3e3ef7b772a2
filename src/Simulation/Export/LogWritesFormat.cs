namespace DmIo.Simulation.Export;

/// <summary>
/// Constants of the kernel's dm-log-writes on-disk format (drivers/md/dm-log-writes.c): a super block in sector 0
/// (<c>struct log_write_super { __le64 magic; __le64 version; __le64 nr_entries; __le32 sectorsize; }</c>), then per
/// entry one sector holding <c>struct log_write_entry { __le64 sector; __le64 nr_sectors; __le64 flags; __le64 data_len; }</c>
/// followed by the entry's data sectors (a mark's text sits in the entry sector after the struct); every "sector" here is one of the log's sectors.
/// </summary>
public static class LogWritesFormat
{
    /// <summary><c>WRITE_LOG_MAGIC</c>.</summary>
    public const ulong Magic = 0x6a736677736872;

    /// <summary><c>WRITE_LOG_VERSION</c>.</summary>
    public const ulong Version = 1;

    /// <summary>
    /// The smallest log sector size. A log's sector size is its device's logical block size (<c>log_writes_ctr</c>:
    /// <c>lc-&gt;sectorsize = bdev_logical_block_size(lc-&gt;dev-&gt;bdev)</c>); the super block, each entry and the data
    /// are laid out in units of it, and entries' sectors and counts are in it.
    /// </summary>
    public const int SectorSize = 512;

    /// <summary><c>LOG_FLUSH_FLAG</c>: the write carried PREFLUSH (an empty one is a pure flush).</summary>
    public const ulong FlushFlag = 1;

    /// <summary><c>LOG_FUA_FLAG</c>.</summary>
    public const ulong FuaFlag = 2;

    /// <summary><c>LOG_DISCARD_FLAG</c>: nr_sectors were discarded; no data follows.</summary>
    public const ulong DiscardFlag = 4;

    /// <summary><c>LOG_MARK_FLAG</c>: a named point in the log; data_len bytes of text follow the struct.</summary>
    public const ulong MarkFlag = 8;

    /// <summary><c>LOG_METADATA_FLAG</c>: the write carried REQ_META.</summary>
    public const ulong MetadataFlag = 16;
}
