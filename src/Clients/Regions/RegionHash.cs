using DmIo.Clients.Logs;

namespace DmIo.Clients.Regions;

/// <summary>
/// The mirror's region bookkeeping (6.12's dm-region-hash.c): which regions have writes in flight, which are out of
/// sync, which are quiescing for, under or done with recovery, and the writes held back meanwhile. It keeps the dirty
/// log in step: the first write to a clean region marks the log, the region's last completion makes it clean again,
/// and <see cref="UpdateStates"/> clears the log's bits and flushes it.
/// </summary>
/// <remarks>
/// <para>Only regions that are not plain clean-and-idle need an entry; a clean region's entry goes onto the clean list
/// and <see cref="UpdateStates"/> forgets it. Lists keep the kernel's order: clean, recovered and failed-recovered
/// regions are pushed at the front; a region quiesced by its last write goes to the back of the quiesced list and one
/// already idle when prepared goes to the front; <see cref="RecoveryStart"/> takes from the front.</para>
/// <para>Calls are not synchronised: the mirror calls the hash from its one worker and from bio completions, all on the
/// scheduler's thread in a simulation, as the rest of the simulator runs. Calls the kernel would meet with
/// <c>BUG_ON</c> (a completion for a region with nothing pending, marking a region out of sync that has no write in
/// flight) throw <see cref="InvalidOperationException"/> instead.</para>
/// </remarks>
public sealed class RegionHash : IDisposable
{
    private readonly Dictionary<long, Region> _regions = [];   // the hash: every region with an entry
    private readonly LinkedList<Region> _clean = new();          // idle and in sync, to be forgotten by UpdateStates
    private readonly LinkedList<Region> _quiesced = new();       // recovering with nothing pending, ready to copy
    private readonly LinkedList<Region> _recovered = new();      // copied successfully, to be settled by UpdateStates
    private readonly LinkedList<Region> _failedRecovered = new(); // copy failed, to be settled by UpdateStates
    private readonly RecoverySlots _recoverySlots = new();       // recovery_count
    private readonly IIoScheduler _scheduler;                    // where StopRecovery waits
    private readonly Action<IReadOnlyList<Bio>> _dispatchBios;   // requeues a recovered region's held writes
    private readonly Action _wakeupWorkers;                      // wakes the mirror's worker
    private readonly Action _wakeupAllRecoveryWaiters;           // wakes whoever waits for recovery to drain
    private readonly int _regionShift;                           // log2 of the region size
    private bool _flushFailure;                                  // a PREFLUSH failed: no region may become clean again

    /// <summary>
    /// Creates a region hash over <paramref name="log"/> (<c>dm_region_hash_create</c>); the hash owns the log from now on
    /// and disposes it with itself, as <c>dm_region_hash_destroy</c> does.
    /// </summary>
    /// <param name="log">The dirty log; its region size (a power of two) and count are the hash's.</param>
    /// <param name="targetBegin">The mirror target's first sector in its table (<c>ti-&gt;begin</c>), subtracted from bio sectors.</param>
    /// <param name="maxRecovery">How many regions may recover at once (the mirror's <c>MAX_RECOVERY</c> is 1); at least 1.</param>
    /// <param name="scheduler">The scheduler <see cref="StopRecovery"/> waits through.</param>
    /// <param name="dispatchBios">Requeues writes that waited for a region's recovery (<c>dispatch_bios</c>); called once per settled recovery, possibly with none.</param>
    /// <param name="wakeupWorkers">Wakes the mirror's worker (<c>wakeup_workers</c>).</param>
    /// <param name="wakeupAllRecoveryWaiters">Called when no recovery is in flight any more (<c>wakeup_all_recovery_waiters</c>).</param>
    public RegionHash(IDirtyLog log, long targetBegin, int maxRecovery, IIoScheduler scheduler, Action<IReadOnlyList<Bio>> dispatchBios,
        Action wakeupWorkers, Action wakeupAllRecoveryWaiters)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(targetBegin);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecovery, 1);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(dispatchBios);
        ArgumentNullException.ThrowIfNull(wakeupWorkers);
        ArgumentNullException.ThrowIfNull(wakeupAllRecoveryWaiters);
        if (!uint.IsPow2(log.RegionSize))
        {
            throw new ArgumentException($"The log's region size {log.RegionSize} is not a power of two.", nameof(log));
        }

        Log = log;
        TargetBegin = targetBegin;
        MaxRecovery = maxRecovery;
        _scheduler = scheduler;
        _dispatchBios = dispatchBios;
        _wakeupWorkers = wakeupWorkers;
        _wakeupAllRecoveryWaiters = wakeupAllRecoveryWaiters;
        _regionShift = System.Numerics.BitOperations.TrailingZeroCount(log.RegionSize);
    }

    /// <summary>The dirty log (<c>dm_rh_dirty_log</c>).</summary>
    public IDirtyLog Log { get; }

    /// <summary>The region size in sectors (<c>dm_rh_get_region_size</c>).</summary>
    public uint RegionSize => Log.RegionSize;

    /// <summary>The mirror target's first sector in its table.</summary>
    public long TargetBegin { get; }

    /// <summary>How many regions may recover at once.</summary>
    public int MaxRecovery { get; }

    /// <summary>Recoveries handed out and not yet settled, plus a preparation under way (<c>dm_rh_recovery_in_flight</c>).</summary>
    public int RecoveryInFlight { get; private set; }

    /// <summary>True once a PREFLUSH write failed (<c>flush_failure</c>): regions whose writes complete become out of sync.</summary>
    public bool FlushFailure => _flushFailure;

    /// <summary>How many regions have an entry in the hash.</summary>
    public int TrackedRegions => _regions.Count;

    /// <summary>The region a bio falls in, counted from the target's start (<c>dm_rh_bio_to_region</c>).</summary>
    /// <param name="bio">The bio; its sector is the table device's.</param>
    /// <returns>The region.</returns>
    public long BioToRegion(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        return (bio.Sector - TargetBegin) >> _regionShift;
    }

    /// <summary>The first sector of a region, counted from the target's start (<c>dm_rh_region_to_sector</c>).</summary>
    /// <param name="region">The region.</param>
    /// <returns>The sector.</returns>
    public long RegionToSector(long region) => region << _regionShift;

    /// <summary>
    /// A region's state (<c>dm_rh_get_state</c>): its entry's, or for a region without one, clean when the log says it is
    /// in sync and out of sync otherwise.
    /// </summary>
    /// <param name="region">The region.</param>
    /// <returns>The state.</returns>
    public RegionState GetState(long region) =>
        _regions.TryGetValue(region, out Region? entry) ? entry.State : Log.InSync(region) ? RegionState.Clean : RegionState.NoSync;

    /// <summary>
    /// Counts writes about to go out (<c>dm_rh_inc_pending</c>): each raises its region's pending count, and the first
    /// write to a clean region makes it dirty and marks it in the log. PREFLUSH and discard bios are skipped.
    /// </summary>
    /// <param name="bios">The writes.</param>
    public void IncPending(IEnumerable<Bio> bios)
    {
        ArgumentNullException.ThrowIfNull(bios);
        foreach (Bio bio in bios)
        {
            if ((bio.Flags & BioFlags.Preflush) != 0 || bio.Operation == BioOperation.Discard)
            {
                continue;
            }

            Inc(BioToRegion(bio));
        }
    }

    /// <summary>
    /// Counts a completed write (<c>dm_rh_dec</c>). When it was the region's last: after a PREFLUSH failure the region
    /// becomes out of sync; a recovering region goes to the back of the quiesced list; a dirty one becomes clean and
    /// goes onto the clean list (the log is cleared at the next <see cref="UpdateStates"/>); an out-of-sync one stays
    /// so. The workers are woken then.
    /// </summary>
    /// <param name="region">The region the write was counted in.</param>
    public void Dec(long region)
    {
        if (!_regions.TryGetValue(region, out Region? entry) || entry.Pending == 0)
        {
            throw new InvalidOperationException($"Region {region} has no write pending: every Dec must follow an IncPending of the same region.");
        }

        if (--entry.Pending != 0)
        {
            return;
        }

        if (_flushFailure)
        {
            entry.State = RegionState.NoSync; // the write may not be on disk: the region must be resynchronised
        }
        else if (entry.State == RegionState.Recovering)
        {
            _quiesced.AddLast(entry.ListNode);
        }
        else if (entry.State == RegionState.Dirty)
        {
            entry.State = RegionState.Clean;
            _clean.AddFirst(entry.ListNode);
        }

        _wakeupWorkers();
    }

    /// <summary>
    /// Records that a write reached some legs but not all (<c>dm_rh_mark_nosync</c>): the log counts the region out of
    /// sync and the region becomes out of sync, ending its recovery as failed if it was recovering. A failed PREFLUSH
    /// instead sets <see cref="FlushFailure"/>; a discard changes nothing.
    /// </summary>
    /// <param name="bio">The write, whose region has writes in flight.</param>
    public void MarkNoSync(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if ((bio.Flags & BioFlags.Preflush) != 0)
        {
            _flushFailure = true;
            return;
        }

        if (bio.Operation == BioOperation.Discard)
        {
            return;
        }

        long region = BioToRegion(bio);
        if (!_regions.TryGetValue(region, out Region? entry) || entry.ListNode.List is not null)
        {
            throw new InvalidOperationException($"Region {region} has no write in flight, so no write to it can have failed.");
        }

        Log.SetRegionSync(region, inSync: false);
        bool recovering = entry.State == RegionState.Recovering;
        entry.State = RegionState.NoSync;
        if (recovering)
        {
            CompleteResyncWork(entry, success: false);
        }
    }

    /// <summary>
    /// Settles what changed since the last call (<c>dm_rh_update_states</c>): forgets clean regions and clears them in
    /// the log; for recovered regions clears the log and completes the resync as in sync; for failed recoveries
    /// completes the resync as out of sync when the mirror handles errors, else as in sync; then flushes the log
    /// (its result is not looked at, as in the kernel: the mirror's next <see cref="Flush"/> reports a failing log).
    /// </summary>
    /// <param name="errorsHandled">True when the mirror handles errors (its <c>handle_errors</c> feature).</param>
    public void UpdateStates(bool errorsHandled)
    {
        List<Region> clean = TakeAll(_clean);
        List<Region> recovered = TakeAll(_recovered);
        List<Region> failedRecovered = TakeAll(_failedRecovered);

        foreach (Region entry in recovered)
        {
            Log.ClearRegion(entry.Key);
            CompleteResyncWork(entry, success: true);
        }

        foreach (Region entry in failedRecovered)
        {
            CompleteResyncWork(entry, success: !errorsHandled);
        }

        foreach (Region entry in clean)
        {
            Log.ClearRegion(entry.Key);
        }

        Log.Flush();
    }

    /// <summary>Flushes the dirty log (<c>dm_rh_flush</c>).</summary>
    /// <returns>0, or the log's negative errno.</returns>
    public int Flush() => Log.Flush();

    /// <summary>Holds a write to a recovering region until its recovery is settled (<c>dm_rh_delay</c>).</summary>
    /// <param name="bio">The write.</param>
    public void Delay(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        Find(BioToRegion(bio)).DelayedBios.Add(bio);
    }

    /// <summary>
    /// Starts quiescing regions for recovery (<c>dm_rh_recovery_prepare</c>): while a recovery slot is free, asks the
    /// log for resync work and makes that region recovering, onto the front of the quiesced list at once when it has
    /// no write in flight. Calls the recovery waiters when nothing is in flight afterwards.
    /// </summary>
    public void RecoveryPrepare()
    {
        RecoveryInFlight++; // keeps the count above zero while preparing, against a concurrent StopRecovery
        while (_recoverySlots.TryTake())
        {
            RecoveryInFlight++;
            if (!PrepareOne())
            {
                RecoveryInFlight--;
                _recoverySlots.Release();
                break;
            }
        }

        if (--RecoveryInFlight == 0)
        {
            _wakeupAllRecoveryWaiters();
        }
    }

    /// <summary>Takes the next quiesced region for the mirror to copy (<c>dm_rh_recovery_start</c>).</summary>
    /// <returns>The region, or null when none is quiesced.</returns>
    public Region? RecoveryStart()
    {
        LinkedListNode<Region>? first = _quiesced.First;
        if (first is null)
        {
            return null;
        }

        _quiesced.Remove(first);
        return first.Value;
    }

    /// <summary>
    /// Reports the end of a region's copy (<c>dm_rh_recovery_end</c>): onto the front of the recovered or the failed
    /// list, settled by the next <see cref="UpdateStates"/>; the workers are woken.
    /// </summary>
    /// <param name="region">A region <see cref="RecoveryStart"/> returned.</param>
    /// <param name="success">True when the copy succeeded.</param>
    public void RecoveryEnd(Region region, bool success)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Owner != this || region.ListNode.List is not null)
        {
            throw new ArgumentException($"{region} is not a recovery this hash handed out with RecoveryStart.", nameof(region));
        }

        (success ? _recovered : _failedRecovered).AddFirst(region.ListNode);
        _wakeupWorkers();
    }

    /// <summary>
    /// Stops recovery (<c>dm_rh_stop_recovery</c>): takes back every recovery slot, waiting through the scheduler for
    /// recoveries still holding one. Called only after <see cref="StartRecovery"/>: with no slots handed out the wait
    /// never ends (the kernel blocks forever; a simulated scheduler reports the stall).
    /// </summary>
    public void StopRecovery()
    {
        for (int i = 0; i < MaxRecovery; i++)
        {
            _recoverySlots.Take(_scheduler);
        }
    }

    /// <summary>Allows <see cref="MaxRecovery"/> recoveries again and wakes the workers (<c>dm_rh_start_recovery</c>).</summary>
    public void StartRecovery()
    {
        for (int i = 0; i < MaxRecovery; i++)
        {
            _recoverySlots.Release();
        }

        _wakeupWorkers();
    }

    /// <summary>
    /// Destroys the hash and its log (<c>dm_region_hash_destroy</c>). Refused with <see cref="InvalidOperationException"/>,
    /// changing nothing, while a region is quiesced for recovery or has writes pending.
    /// </summary>
    public void Dispose()
    {
        if (_quiesced.Count != 0 || _regions.Values.Any(r => r.Pending != 0))
        {
            throw new InvalidOperationException("Cannot destroy a region hash with a region quiesced for recovery or writes pending.");
        }

        _regions.Clear();
        Log.Dispose();
    }

    // rh_inc: one more write in flight; the first to a clean region marks the log.
    private void Inc(long region)
    {
        Region entry = Find(region);
        entry.Pending++;
        if (entry.State == RegionState.Clean)
        {
            entry.State = RegionState.Dirty;
            entry.Unlist();
            Log.MarkRegion(entry.Key);
        }
    }

    // __rh_recovery_prepare: one region from the log's resync work, made recovering.
    private bool PrepareOne()
    {
        if (!Log.TryGetResyncWork(out long region))
        {
            return false;
        }

        Region entry = Find(region);
        entry.State = RegionState.Recovering;
        entry.Unlist();
        if (entry.Pending == 0)
        {
            _quiesced.AddFirst(entry.ListNode); // already quiesced
        }

        return true;
    }

    // complete_resync_work: tell the log, requeue the held writes before waking recovery waiters, free the slot.
    private void CompleteResyncWork(Region entry, bool success)
    {
        Log.SetRegionSync(entry.Key, success);
        Bio[] held = [.. entry.DelayedBios];
        entry.DelayedBios.Clear();
        _dispatchBios(held);
        if (--RecoveryInFlight == 0)
        {
            _wakeupAllRecoveryWaiters();
        }

        _recoverySlots.Release();
    }

    // __rh_find: the region's entry, created from the log's sync state (clean ones onto the clean list).
    private Region Find(long region)
    {
        if (_regions.TryGetValue(region, out Region? entry))
        {
            return entry;
        }

        entry = new Region(this, region, Log.InSync(region) ? RegionState.Clean : RegionState.NoSync);
        _regions.Add(region, entry);
        if (entry.State == RegionState.Clean)
        {
            _clean.AddFirst(entry.ListNode);
        }

        return entry;
    }

    // Splices a list out and drops its regions from the hash.
    private List<Region> TakeAll(LinkedList<Region> list)
    {
        var taken = new List<Region>(list.Count);
        while (list.First is { } node)
        {
            list.Remove(node);
            _regions.Remove(node.Value.Key);
            taken.Add(node.Value);
        }

        return taken;
    }
}
