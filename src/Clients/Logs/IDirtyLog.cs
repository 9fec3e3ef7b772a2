namespace DmIo.Clients.Logs;

/// <summary>
/// A dirty-region log as Linux 6.12's <c>struct dm_dirty_log_type</c> defines one (include/linux/dm-dirty-log.h): it
/// remembers which regions of a mirror may differ between legs, so that only those are resynchronised after a crash.
/// The <c>core</c> log keeps its bits in memory; the <c>disk</c> log also writes them to a log device through dm-io.
/// Regions are numbered from 0; a region is <see cref="RegionSize"/> sectors of the mirrored device.
/// </summary>
public interface IDirtyLog : IDisposable
{
    /// <summary>The log type's name as a table names it: <c>core</c> or <c>disk</c>.</summary>
    string TypeName { get; }

    /// <summary>The region size in sectors (the kernel's <c>get_region_size</c>).</summary>
    uint RegionSize { get; }

    /// <summary>How many regions the log covers.</summary>
    long RegionCount { get; }

    /// <summary>Called before the mirror suspends (<c>presuspend</c>); returns 0 or a negative errno.</summary>
    /// <returns>0 on success, or a negative errno.</returns>
    int Presuspend();

    /// <summary>Called once the mirror is suspended (<c>postsuspend</c>); returns 0 or a negative errno.</summary>
    /// <returns>0 on success, or a negative errno.</returns>
    int Postsuspend();

    /// <summary>Called when the mirror resumes (<c>resume</c>); a disk log reads its header and bits back here.</summary>
    /// <returns>0 on success, or a negative errno.</returns>
    int Resume();

    /// <summary>Whether a region is clean: in sync and with no writes in flight (<c>is_clean</c>).</summary>
    /// <param name="region">The region.</param>
    /// <returns>True when clean.</returns>
    bool IsClean(long region);

    /// <summary>Whether a region is in sync on every leg (<c>in_sync</c>; local logs never need to block).</summary>
    /// <param name="region">The region.</param>
    /// <returns>True when in sync.</returns>
    bool InSync(long region);

    /// <summary>Commits marks and clears made since the last flush (<c>flush</c>); a disk log writes its bits here.</summary>
    /// <returns>0 on success, or a negative errno (the disk log's write failed).</returns>
    int Flush();

    /// <summary>Marks a region dirty before writes to it go out (<c>mark_region</c>); takes effect at the next flush.</summary>
    /// <param name="region">The region.</param>
    void MarkRegion(long region);

    /// <summary>Marks a region clean once its writes completed (<c>clear_region</c>); takes effect at the next flush.</summary>
    /// <param name="region">The region.</param>
    void ClearRegion(long region);

    /// <summary>Finds a region that needs resynchronising (<c>get_resync_work</c>).</summary>
    /// <param name="region">Receives the region when one is found.</param>
    /// <returns>True when there is work.</returns>
    bool TryGetResyncWork(out long region);

    /// <summary>Records the end of a region's resynchronisation, or that it is out of sync (<c>set_region_sync</c>).</summary>
    /// <param name="region">The region.</param>
    /// <param name="inSync">True when the region is now in sync.</param>
    void SetRegionSync(long region, bool inSync);

    /// <summary>How many regions are in sync (<c>get_sync_count</c>).</summary>
    long SyncCount { get; }

    /// <summary>The log's part of the mirror's status line for STATUSTYPE_INFO, as 6.12 prints it (for example <c>1 core</c>).</summary>
    string Status { get; }

    /// <summary>The log's part of the mirror's table line for STATUSTYPE_TABLE, as 6.12 prints it (for example <c>core 1 1024</c>).</summary>
    string Table { get; }
}
