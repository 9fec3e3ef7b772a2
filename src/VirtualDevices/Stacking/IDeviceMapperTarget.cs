namespace DmIo.VirtualDevices;

/// <summary>
/// What device-mapper core needs to know of a target beyond its device interface: the length at which it makes
/// every bio split (<c>ti-&gt;max_io_len</c>, set by <c>dm_set_target_max_io_len</c>: a stripe's chunk, dust's block).
/// A table cuts its pieces there, so the original bio is advanced past each one as in the kernel.
/// </summary>
public interface IDeviceMapperTarget
{
    /// <summary>The most sectors one piece may cover, counted from the target's start; 0 for no limit.</summary>
    long MaxIoLenSectors { get; }

    /// <summary>
    /// Whether dm core sends this target the empty flushes of a PREFLUSH (<c>ti-&gt;num_flush_bios</c> non-zero).
    /// The error and zero targets take none, so a table never flushes them.
    /// </summary>
    bool TakesFlushes => true;
}
