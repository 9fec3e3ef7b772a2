namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// A device made of table segments, like a device-mapper device with a multi-line table: the segments are
/// laid end to end from sector 0 with no gaps or overlaps, and each bio is routed to the segment(s) it hits,
/// split at segment boundaries, with sector numbers made relative to the segment's start.
/// </summary>
/// <remarks>
/// A table device can be suspended and resumed as 6.12's <c>dm_suspend</c> and <c>dm_resume</c> do (see
/// <see cref="SuspendAsync"/> and <see cref="Resume"/>); its table and status text do not change while it is.
/// </remarks>
public sealed class TableDevice : StackedDeviceBase
{
    private TableSegment[] _segments;          // in sector order (replaced by a table swap)
    private long[] _starts;                    // _segments[i].StartSector, for binary search
    private readonly SuspendGate _gate = new(); // suspend flags, work in flight, deferred bios

    /// <summary>Creates a table device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="segments">The segments in order: the first starts at 0, each starts where the previous ends, and each
    /// target's capacity equals its segment's length; boundaries fall on whole logical blocks.</param>
    /// <param name="limits">Extra limits of this device's own, stacked over the targets'; null for none.</param>
    public TableDevice(string name, IReadOnlyList<TableSegment> segments, QueueLimits? limits = null)
        : base(name, CheckedLength(segments), Targets(segments), target: null, limits)
    {
        for (int i = 0; i < segments.Count; i++)
        {
            if (!SectorMath.IsWholeBlocks(segments[i].StartSector, Limits.LogicalBlockSize))
            {
                throw new ArgumentException($"Segment {i} starts at sector {segments[i].StartSector}, not on a logical block boundary ({Limits.LogicalBlockSize} bytes).", nameof(segments));
            }
        }

        _segments = [.. segments];
        _starts = [.. segments.Select(s => s.StartSector)];
    }

    /// <summary>The segments, in sector order.</summary>
    public IReadOnlyList<TableSegment> Segments => _segments;

    /// <summary>
    /// What <c>dmsetup table</c> prints for this device under Linux 6.12: one line per segment,
    /// <c>&lt;start&gt; &lt;length&gt; &lt;type&gt; &lt;arguments&gt;</c>, each ending in a newline (see <see cref="ITargetText"/>).
    /// </summary>
    public string Table => TableText.Table(_segments);

    /// <summary>
    /// What <c>dmsetup status</c> prints for this device under Linux 6.12: one line per segment,
    /// <c>&lt;start&gt; &lt;length&gt; &lt;type&gt; &lt;status&gt;</c>, each ending in a newline (see <see cref="ITargetText"/>).
    /// </summary>
    public string Status => TableText.Status(_segments);

    /// <summary>True once a suspend has completed, until the resume (6.12's <c>dm_suspended_md</c>).</summary>
    public bool IsSuspended => _gate.IsSuspended;

    /// <summary>True while a suspend waits for the bios in flight to complete.</summary>
    public bool IsSuspending => _gate.IsSuspending;

    /// <summary>
    /// True from the start of a <c>--noflush</c> suspend until the bios in flight have completed or been pushed back
    /// (6.12's <c>dm_noflush_suspending</c>: <c>__dm_suspend</c> clears the flag before <c>dm_suspend</c> returns).
    /// </summary>
    public bool IsNoflushSuspending => _gate.IsNoflushSuspending;

    /// <summary>Bios held for the resume: those submitted while suspended and those pushed back by a target.</summary>
    public int HeldBioCount => _gate.HeldCount;

    /// <summary>
    /// Suspends the device as 6.12's <c>dm_suspend</c> does: the presuspend hook of every
    /// <see cref="ISuspendableTarget"/> in table order; then bios submitted to the device are deferred (kept, in order,
    /// for the resume); once every bio in flight has completed, the device is suspended and the postsuspend hooks run
    /// in table order. With <paramref name="noflush"/>, a piece a target completes with <see cref="BlkStatus.DmRequeue"/>
    /// meanwhile is pushed back for the resume instead of failing with <see cref="BlkStatus.IoError"/>.
    /// </summary>
    /// <remarks>
    /// The returned task completes on the thread that completes the last bio in flight (on the scheduler's thread in a
    /// simulation), or before this method returns when nothing is in flight; the postsuspend hooks run there first.
    /// The kernel's <c>dm_suspend</c> on a suspended device returns -EINVAL; a second suspend while one is waiting
    /// would block on <c>suspend_lock</c> and then find the device suspended, so it gets -EINVAL at once here.
    /// A suspend cannot be interrupted here (no signals, no <c>lock_fs</c>), so <c>presuspend_undo</c> is never called.
    /// </remarks>
    /// <param name="noflush">True for <c>dmsetup suspend --noflush</c>.</param>
    /// <returns>A task giving 0 once suspended, or -EINVAL (at once) when suspended or suspending already.</returns>
    public Task<int> SuspendAsync(bool noflush = false)
    {
        if (!_gate.TryBegin(noflush, out Task<int> done))
        {
            return Task.FromResult(-Errno.EINVAL);
        }

        foreach (ISuspendableTarget target in SuspendableTargets())
        {
            target.Presuspend(noflush);
        }

        if (_gate.Block())
        {
            FinishSuspendIfDrained();
        }

        return done;
    }

    /// <summary>
    /// Swaps in the table of <paramref name="loaded"/>, as 6.12's <c>do_resume</c> swaps in a table that
    /// <c>dmsetup reload</c> loaded (<c>dm_swap_table</c>): the device takes its segments, size, devices underneath
    /// and limits, and bios held for the resume go to the new table. The device must be suspended (with nothing in
    /// flight); <paramref name="loaded"/> must be a device built from the new lines and never used. The old targets
    /// are returned for their destructors (<c>dm_table_destroy</c>), which the caller runs.
    /// </summary>
    /// <param name="loaded">A table device built from the new table lines.</param>
    /// <returns>The old segments.</returns>
    /// <exception cref="InvalidOperationException">The device is not suspended.</exception>
    public IReadOnlyList<TableSegment> SwapTable(TableDevice loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (!IsSuspended)
        {
            throw new InvalidOperationException($"Table device '{Name}' must be suspended before its table is swapped.");
        }

        TableSegment[] old = _segments;
        _segments = loaded._segments;
        _starts = loaded._starts;
        TakeMappingOf(loaded);
        return old;
    }

    /// <summary>
    /// Resumes a suspended device as 6.12's <c>dm_resume</c> does: the preresume hook of every
    /// <see cref="ISuspendableTarget"/> in table order (the first nonzero answer refuses the resume and the device stays
    /// suspended), then every resume hook in table order, then the held bios are resubmitted in order: those pushed back
    /// by a target first, then those deferred at submission (<c>dm_wq_work</c>). The resubmission runs on the calling
    /// thread, where the kernel queues it to the device's workqueue.
    /// </summary>
    /// <returns>0; -EINVAL when the device is not suspended (also while a suspend still waits); or the errno a preresume hook refused with.</returns>
    public int Resume()
    {
        if (!_gate.IsSuspended)
        {
            return -Errno.EINVAL;
        }

        ISuspendableTarget[] targets = [.. SuspendableTargets()];
        foreach (ISuspendableTarget target in targets)
        {
            int refused = target.Preresume();
            if (refused != 0)
            {
                return refused;
            }
        }

        foreach (ISuspendableTarget target in targets)
        {
            target.Resume();
        }

        _gate.Unblock();
        while (_gate.NextHeld() is { } bio)
        {
            BlockLayer.Submit(this, bio);
        }

        return 0;
    }

    private protected override bool EnterMapping(Bio bio)
    {
        if (_gate.TryEnter(bio))
        {
            return true;
        }

        FinishSuspendIfDrained(); // the deferral may have been the last thing the suspend waited for
        return false;
    }

    private protected override void ExitMapping() => EndWork();

    private protected override void PieceIssued() => _gate.PieceIssued();

    private protected override void PieceEnded() => EndWork();

    private protected override bool TryRequeuePiece(Bio clone, Bio original, int lowerIndex)
    {
        // dm_io_rewind: the piece becomes a bio of its own over the same memory, chained to the original, and goes back
        // to this device. It is rebuilt from the piece as the target completed it, so a target must push back the bio
        // it was given without advancing it (as hold_bio does); one that did is refused and the piece fails.
        TableSegment segment = _segments[lowerIndex];
        if (clone.Size == 0 || clone.Sector < 0 || clone.Sector > segment.LengthSectors - clone.SectorCount)
        {
            return false;
        }

        var piece = new Bio();
        piece.Init(clone.Operation, clone.Flags, segment.StartSector + clone.Sector, RequeuedPieceEnd.Instance, vecCapacity: 0);
        piece.CloneRangeOf(clone, 0, clone.Size);
        piece.Id = clone.Id;
        piece.Priority = clone.Priority;
        piece.Private = original;
        return _gate.TryRequeue(piece);
    }

    private protected override bool TryRequeueWhole(Bio bio) => _gate.TryRequeue(bio);

    private void EndWork()
    {
        if (_gate.Exit())
        {
            FinishSuspendIfDrained();
        }
    }

    // The rest of dm_suspend once dm_wait_for_completion returns: suspended, then the postsuspend hooks.
    private void FinishSuspendIfDrained()
    {
        if (_gate.TryDrained() is not { } suspend)
        {
            return;
        }

        foreach (ISuspendableTarget target in SuspendableTargets())
        {
            target.Postsuspend();
        }

        _gate.Finish(suspend);
    }

    // suspend_targets and dm_table_resume_targets: every target of the table, in table order, that has hooks.
    private IEnumerable<ISuspendableTarget> SuspendableTargets() => _segments.Select(s => s.Target).OfType<ISuspendableTarget>();

    private protected override long Map(long sector, out int lowerIndex, out long lowerSector)
    {
        int index = Array.BinarySearch(_starts, sector);
        if (index < 0)
        {
            index = ~index - 1; // the last segment starting before `sector`
        }

        TableSegment segment = _segments[index];
        lowerIndex = index;
        lowerSector = sector - segment.StartSector;
        long run = segment.LengthSectors - lowerSector;
        if (segment.Target is IDeviceMapperTarget { MaxIoLenSectors: > 0 } target)
        {
            // dm core splits at the target's max_io_len, counted from the target's start (max_io_len_target_boundary).
            run = Math.Min(run, target.MaxIoLenSectors - (lowerSector % target.MaxIoLenSectors));
        }

        return run;
    }

    // Checks the segments tile [0, total) exactly and returns the total, before the base constructor runs.
    private static long CheckedLength(IReadOnlyList<TableSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A table needs at least one segment.", nameof(segments));
        }

        long next = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            TableSegment segment = segments[i];
            if (segment.Target is null)
            {
                throw new ArgumentException($"Segment {i} has no target.", nameof(segments));
            }

            if (segment.StartSector != next)
            {
                throw new ArgumentException($"Segment {i} starts at {segment.StartSector}, expected {next}: segments must be contiguous from sector 0.", nameof(segments));
            }

            if (segment.LengthSectors < 1 || segment.LengthSectors != segment.Target.CapacitySectors)
            {
                throw new ArgumentException($"Segment {i} is {segment.LengthSectors} sectors but its target '{segment.Target.Name}' has {segment.Target.CapacitySectors}.", nameof(segments));
            }

            next = checked(next + segment.LengthSectors);
        }

        return next;
    }

    private static IBlockDevice[] Targets(IReadOnlyList<TableSegment> segments) => [.. segments.Select(s => s.Target)];
}
