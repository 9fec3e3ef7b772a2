namespace DmIo.Clients.Logs;

/// <summary>
/// What the core and disk logs share (6.12 dm-log.c's <c>struct log_c</c> and the <c>core_*</c> operations both log
/// types use): the clean, sync and recovering bitsets, the touched flags that tell a disk log whether to write, the
/// resync search position and the sync count. The clean bitset's storage comes from the subclass: an array of its own
/// for the core log, the part of its device buffer after the header for the disk log.
/// </summary>
/// <remarks>
/// Like the kernel's, every bitset operation marks the log touched: setting a bit (in any of the three bitsets) sets
/// <c>touched_cleaned</c>, clearing one sets <c>touched_dirtied</c>. Calls are not synchronised: the mirror calls its
/// log from one worker on the scheduler, as kmirrord does.
/// </remarks>
public abstract class BitmapDirtyLog : IDirtyLog
{
    private readonly RegionBitmap _clean;      // set: in sync with no writes in flight (what a disk log persists)
    private readonly RegionBitmap _sync;       // set: in sync on every leg
    private readonly RegionBitmap _recovering; // set: handed out by TryGetResyncWork and not yet settled
    private long _syncSearch;                  // where the next resync search starts (sync_search)
    private bool _flushFailed;                 // the flush callback failed once: no region may be cleared again

    private protected BitmapDirtyLog(DirtyLogParameters parameters, Memory<byte> cleanBits)
    {
        RegionSize = parameters.RegionSize;
        RegionCount = parameters.RegionCount;
        Sync = parameters.Sync;
        _clean = new RegionBitmap(cleanBits);
        _clean.Fill(true);
        _sync = new RegionBitmap(new byte[parameters.BitsetBytes]);
        _sync.Fill(Sync == DirtyLogSync.NoSync);
        SyncCount = Sync == DirtyLogSync.NoSync ? RegionCount : 0;
        _recovering = new RegionBitmap(new byte[parameters.BitsetBytes]);
    }

    /// <inheritdoc />
    public abstract string TypeName { get; }

    /// <inheritdoc />
    public uint RegionSize { get; }

    /// <inheritdoc />
    public long RegionCount { get; }

    /// <summary>The resync flag the table gave: none, <c>sync</c> or <c>nosync</c>.</summary>
    public DirtyLogSync Sync { get; }

    /// <inheritdoc />
    public long SyncCount { get; private set; }

    /// <summary>
    /// True once the flush callback failed (the kernel's <c>flush_failed</c>): every region was marked dirty and
    /// <see cref="ClearRegion"/> no longer marks any clean, until the log is created again.
    /// </summary>
    public bool FlushCallbackFailed => _flushFailed;

    /// <inheritdoc />
    public abstract string Status { get; }

    /// <inheritdoc />
    public abstract string Table { get; }

    /// <summary>A bit was set since the last successful write of the log (<c>touched_cleaned</c>).</summary>
    private protected bool TouchedCleaned { get; set; }

    /// <summary>A bit was cleared since the last flushed write of the log (<c>touched_dirtied</c>).</summary>
    private protected bool TouchedDirtied { get; set; }

    /// <summary>The clean bitset, for the disk log's resume.</summary>
    private protected RegionBitmap CleanBits => _clean;

    /// <summary>The sync word as the table line prints it (<c>DMEMIT_SYNC</c>): <c>sync </c>, <c>nosync </c> or nothing.</summary>
    private protected string SyncText => Sync switch
    {
        DirtyLogSync.NoSync => "nosync ",
        DirtyLogSync.ForceSync => "sync ",
        _ => string.Empty,
    };

    /// <summary>How many arguments the table line prints for the sync word: 1 with one, else 0.</summary>
    private protected int SyncArgumentCount => Sync == DirtyLogSync.Default ? 0 : 1;

    /// <inheritdoc />
    public virtual int Presuspend() => 0;

    /// <inheritdoc />
    public virtual int Postsuspend() => 0;

    /// <inheritdoc />
    public abstract int Resume();

    /// <inheritdoc />
    public abstract int Flush();

    /// <inheritdoc />
    public bool IsClean(long region) => _clean.Test(CheckRegion(region));

    /// <inheritdoc />
    public bool InSync(long region) => _sync.Test(CheckRegion(region));

    /// <inheritdoc />
    public void MarkRegion(long region) => ClearBit(_clean, CheckRegion(region));

    /// <summary>
    /// Marks a region clean (<c>core_clear_region</c>), unless the flush callback has failed: then the log can no longer
    /// tell which regions reached both legs, so it keeps them all dirty.
    /// </summary>
    /// <param name="region">The region.</param>
    public void ClearRegion(long region)
    {
        CheckRegion(region);
        if (!_flushFailed)
        {
            SetBit(_clean, region);
        }
    }

    /// <summary>
    /// Hands out the next region that is not in sync and not already being recovered (<c>core_get_resync_work</c>),
    /// searching onwards from the last one found; the search restarts only on <see cref="Resume"/>.
    /// </summary>
    /// <param name="region">Receives the region.</param>
    /// <returns>True when a region was found.</returns>
    public bool TryGetResyncWork(out long region)
    {
        region = 0;
        if (_syncSearch >= RegionCount)
        {
            return false;
        }

        do
        {
            region = _sync.NextClear(RegionCount, _syncSearch);
            _syncSearch = region + 1;
            if (region >= RegionCount)
            {
                return false;
            }
        }
        while (_recovering.Test(region));

        SetBit(_recovering, region);
        return true;
    }

    /// <summary>
    /// Settles a region's resync (<c>core_set_region_sync</c>): it is no longer recovering; in sync, its sync bit is set
    /// and the sync count goes up (as in 6.12, even when the bit was already set); out of sync, the count goes down
    /// only when the bit was set.
    /// </summary>
    /// <param name="region">The region.</param>
    /// <param name="inSync">True when the region is now in sync.</param>
    public void SetRegionSync(long region, bool inSync)
    {
        CheckRegion(region);
        ClearBit(_recovering, region);
        if (inSync)
        {
            SetBit(_sync, region);
            SyncCount++;
        }
        else if (_sync.Test(region))
        {
            SyncCount--;
            ClearBit(_sync, region);
        }
    }

    /// <summary>Releases what the log holds; the core log holds nothing outside memory.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a subclass holds.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Restarts the resync search at region 0 (both logs' resume).</summary>
    private protected void RestartResyncSearch() => _syncSearch = 0;

    /// <summary>Copies the clean bits to the sync bits and recounts (a disk log's resume).</summary>
    private protected void SyncFromClean()
    {
        _sync.CopyFrom(_clean);
        SyncCount = _clean.Weight();
    }

    /// <summary>Marks every region dirty after a failed flush callback, remembering the failure.</summary>
    private protected void MarkAllDirtyAfterFailedCallback()
    {
        _flushFailed = true;
        for (long region = 0; region < RegionCount; region++)
        {
            ClearBit(_clean, region);
        }
    }

    /// <summary>Sets a bit and marks the log touched clean (<c>log_set_bit</c>).</summary>
    /// <param name="bits">The bitset.</param>
    /// <param name="bit">The bit.</param>
    private protected void SetBit(RegionBitmap bits, long bit)
    {
        bits.Set(bit);
        TouchedCleaned = true;
    }

    /// <summary>Clears a bit and marks the log touched dirty (<c>log_clear_bit</c>).</summary>
    /// <param name="bits">The bitset.</param>
    /// <param name="bit">The bit.</param>
    private protected void ClearBit(RegionBitmap bits, long bit)
    {
        bits.Clear(bit);
        TouchedDirtied = true;
    }

    private long CheckRegion(long region)
    {
        if ((ulong)region >= (ulong)RegionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"The region must be 0..{RegionCount - 1}: the log covers {RegionCount} regions.");
        }

        return region;
    }
}
