namespace DmIo.VirtualDevices;

/// <summary>
/// The shared half of device-mapper style mappings (linear, striped, tables), following Linux 6.12's dm core
/// (<c>dm_split_and_process_bio</c>): a data bio is handled piece by piece, each piece ending where the mapping
/// changes device or jumps or the target's <c>max_io_len</c> ends; each piece is a clone sent to the device
/// underneath through <see cref="BlockLayer.Submit"/>, and the original is advanced past it and carries on as the
/// rest, owing one more completion (<c>bio_trim</c>, <c>bio_inc_remaining</c>). The original therefore completes
/// once per piece, with the failure of any piece that failed, and when it completes its iterator covers only the
/// last piece: that is all a failed read's zero-fill reaches. Mappings compose to any depth. Thread-safe: the
/// mapping is immutable and per-bio state lives in pooled objects.
/// </summary>
/// <remarks>
/// Flushes follow dm core: a PREFLUSH bio first sends one empty flush to every device underneath
/// (<c>__send_empty_flush</c>); when they have completed, an empty flush completes with their status, and a flush
/// with data is mapped again without PREFLUSH (<c>dm_io_complete</c>; the flush's own error is then dropped, as in
/// the kernel). FUA stays on the data pieces. Discard and write-zeroes are mapped in one pass and complete the
/// original once. Only this assembly can derive from this class.
/// </remarks>
public abstract class StackedDeviceBase : IBlockDevice, IBioEndIo
{
    private IBlockDevice[] _lower;                       // the devices this one maps onto, by index (replaced by a table swap)
    private readonly FreeList<Bio> _childBios;           // reusable clones
    private readonly FreeList<SplitRequest> _splits;     // reusable trackers for dataless bios and flushes

    private protected StackedDeviceBase(string name, long capacitySectors, IReadOnlyList<IBlockDevice> lowerDevices, TargetLimitTraits? target,
        QueueLimits? limits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentNullException.ThrowIfNull(lowerDevices);
        if (lowerDevices.Count == 0)
        {
            throw new ArgumentException("A stacked device needs at least one device underneath.", nameof(lowerDevices));
        }

        for (int i = 0; i < lowerDevices.Count; i++)
        {
            if (lowerDevices[i] is null)
            {
                throw new ArgumentException($"Lower device {i} is null.", nameof(lowerDevices));
            }
        }

        // A target over its devices is a one-line table; a table (no target of its own) stacks its lines.
        QueueLimits stacked = target is null ? LimitStacking.ForTable(lowerDevices, limits) : LimitStacking.ForTarget(target, lowerDevices, limits);
        SectorMath.ThrowIfNotWholeBlocks(capacitySectors, stacked.LogicalBlockSize, nameof(capacitySectors));
        Name = name;
        CapacitySectors = capacitySectors;
        Limits = stacked;
        _lower = [.. lowerDevices];
        _childBios = new FreeList<Bio>(static () => new Bio());
        FreeList<SplitRequest>? splits = null;
        splits = new FreeList<SplitRequest>(() => new SplitRequest(splits!, _childBios));
        _splits = splits;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; private set; }

    /// <summary>The stacked limits: every lower device's, combined as device-mapper does (<see cref="LimitStacking"/>).</summary>
    public QueueLimits Limits { get; private set; }

    /// <summary>
    /// Takes over another device's mapping: its size, devices underneath and limits (a table swap). Only a suspended
    /// device with nothing in flight may call it, so no bio sees the old mapping and the new one at once.
    /// </summary>
    /// <param name="other">The device whose mapping this one takes.</param>
    private protected void TakeMappingOf(StackedDeviceBase other)
    {
        CapacitySectors = other.CapacitySectors;
        Limits = other.Limits;
        _lower = other._lower;
    }

    /// <summary>The devices this one maps onto, in mapping order (a device may appear more than once).</summary>
    public IReadOnlyList<IBlockDevice> LowerDevices => _lower;

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if (bio.Sector < 0 || bio.Sector > CapacitySectors - bio.SectorCount)
        {
            // Only a caller that went around BlockLayer.Submit gets here. Mapping it would write outside this
            // device's window on the lower device, or loop forever on a zero-length run past the end.
            bio.Complete(BlkStatus.IoError);
            return;
        }

        if (!EnterMapping(bio))
        {
            return; // held back (a suspended table device's deferred list)
        }

        try
        {
            if ((bio.Flags & BioFlags.Preflush) != 0)
            {
                SendEmptyFlush(bio);
                return;
            }

            MapAfterFlush(bio);
        }
        finally
        {
            ExitMapping();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} {Name} ({CapacitySectors} sectors over {string.Join(", ", _lower.Select(d => d.Name))})";

    /// <summary>A piece (clone) finished: recycle it and complete the original once for it (<c>dm_io_complete</c>).</summary>
    /// <param name="bio">The clone.</param>
    void IBioEndIo.EndIo(Bio bio)
    {
        var original = (Bio)bio.Private!;
        BlkStatus status = bio.Status;
        int lowerIndex = bio.PrivateIndex;
        if (status == BlkStatus.DmRequeue)
        {
            if (TryRequeuePiece(bio, original, lowerIndex))
            {
                _childBios.Return(bio);
                PieceEnded();
                return;
            }

            status = BlkStatus.IoError; // dm_handle_requeue: no noflush suspend to push the bio back into
        }

        _childBios.Return(bio);
        if (status != BlkStatus.Ok)
        {
            PieceFailed(lowerIndex, status);
        }

        original.Complete(status);
        PieceEnded();
    }

    /// <summary>
    /// Called before a bio is mapped (the check <c>dm_submit_bio</c> makes): false when the device holds it back
    /// instead. Every true answer is paired with one <see cref="ExitMapping"/> once the bio's pieces are issued.
    /// </summary>
    /// <param name="bio">The bio about to be mapped.</param>
    /// <returns>True to map it now.</returns>
    private protected virtual bool EnterMapping(Bio bio) => true;

    /// <summary>Called when the mapping that <see cref="EnterMapping"/> allowed has issued its pieces.</summary>
    private protected virtual void ExitMapping()
    {
    }

    /// <summary>Called before a piece (a clone, or a tracked group of dataless children) goes down.</summary>
    private protected virtual void PieceIssued()
    {
    }

    /// <summary>Called after a piece counted by <see cref="PieceIssued"/> has completed or been requeued.</summary>
    private protected virtual void PieceEnded()
    {
    }

    /// <summary>
    /// A piece completed with <see cref="BlkStatus.DmRequeue"/> (<c>dm_handle_requeue</c>): true when the device has
    /// taken the piece back to resubmit later, so the original stays owed its completion; false (the default: no
    /// suspend in progress) makes the piece fail with <see cref="BlkStatus.IoError"/>.
    /// </summary>
    /// <param name="clone">The piece, as its target completed it; it is recycled after this call.</param>
    /// <param name="original">The bio the piece was cut from.</param>
    /// <param name="lowerIndex">Index into <see cref="LowerDevices"/> of the piece's device.</param>
    /// <returns>True when requeued.</returns>
    private protected virtual bool TryRequeuePiece(Bio clone, Bio original, int lowerIndex) => false;

    /// <summary>
    /// A bio sent as tracked dataless children or flushes came back with <see cref="BlkStatus.DmRequeue"/>: true when
    /// the device has taken the whole bio back to resubmit later; false makes it fail with <see cref="BlkStatus.IoError"/>.
    /// </summary>
    /// <param name="bio">The bio, untouched by its mapping.</param>
    /// <returns>True when requeued.</returns>
    private protected virtual bool TryRequeueWhole(Bio bio) => false;

    /// <summary>Asks <see cref="TryRequeueWhole"/> for a tracked bio.</summary>
    internal bool RequeueWhole(Bio bio) => TryRequeueWhole(bio);

    /// <summary>Ends a tracked group counted as one piece.</summary>
    internal void TrackedPieceEnded() => PieceEnded();

    /// <summary>
    /// Maps the data of a flush once its empty flushes are done. Like 6.12's <c>queue_io</c> of a flush with data, the
    /// data goes through the same gate as a new bio, so a device suspended meanwhile holds it back.
    /// </summary>
    internal void ContinueAfterFlush(Bio bio)
    {
        if (!EnterMapping(bio))
        {
            return;
        }

        try
        {
            MapAfterFlush(bio);
        }
        finally
        {
            ExitMapping();
        }
    }

    /// <summary>
    /// Maps <paramref name="sector"/> of this device onto a lower device.
    /// </summary>
    /// <param name="sector">A sector of this device, in range.</param>
    /// <param name="lowerIndex">Receives the index into <see cref="LowerDevices"/>.</param>
    /// <param name="lowerSector">Receives the sector on that device.</param>
    /// <returns>How many sectors from <paramref name="sector"/> on make one piece: to the next boundary of the mapping or of the target's max_io_len.</returns>
    private protected abstract long Map(long sector, out int lowerIndex, out long lowerSector);

    /// <summary>
    /// A piece sent to lower device <paramref name="lowerIndex"/> failed (the target's <c>end_io</c>); nothing to do by
    /// default. Called before the original hears about the piece.
    /// </summary>
    /// <param name="lowerIndex">Index into <see cref="LowerDevices"/>.</param>
    /// <param name="status">The piece's status, never OK.</param>
    private protected virtual void PieceFailed(int lowerIndex, BlkStatus status)
    {
    }

    /// <summary>Reports a failed dataless or flush child of a tracked parent to <see cref="PieceFailed"/>.</summary>
    internal void ChildFailed(int lowerIndex, BlkStatus status) => PieceFailed(lowerIndex, status);

    /// <summary>Maps a discard or write-zeroes bio; by default it is split at every boundary like a data bio.</summary>
    private protected virtual void MapDataless(Bio bio, SplitRequest split)
    {
        long sector = bio.Sector;
        long remaining = bio.SectorCount;
        while (remaining > 0)
        {
            long run = Math.Min(remaining, Map(sector, out int lowerIndex, out long lowerSector));
            IssueChild(split, bio, lowerIndex, lowerSector, run);
            sector += run;
            remaining -= run;
        }
    }

    /// <summary>Submits a dataless child of <paramref name="parent"/> to lower device <paramref name="lowerIndex"/>, tracked by <paramref name="split"/>.</summary>
    /// <param name="split">The parent's tracker.</param>
    /// <param name="parent">The bio being mapped.</param>
    /// <param name="lowerIndex">Index into <see cref="LowerDevices"/>.</param>
    /// <param name="lowerSector">The child's first sector on that device.</param>
    /// <param name="sectors">The child's length; 0 makes an empty flush.</param>
    private protected void IssueChild(SplitRequest split, Bio parent, int lowerIndex, long lowerSector, long sectors)
    {
        Bio child = _childBios.Rent();
        BioFlags flags = sectors == 0 ? (parent.Flags & ~BioFlags.Fua) | BioFlags.Preflush : parent.Flags;
        BioOperation operation = sectors == 0 ? BioOperation.Write : parent.Operation;
        child.Init(operation, flags, lowerSector, split, vecCapacity: 0);
        child.Id = parent.Id;
        child.Priority = parent.Priority;
        child.SetPrivateIndex(split, lowerIndex);
        child.SetDatalessSize(sectors << DmIoConstants.SectorShift);
        split.AddChild();
        BlockLayer.Submit(_lower[lowerIndex], child);
    }

    /// <summary>The rest of a bio once any flush it carried is done: dataless in one pass, data piece by piece.</summary>
    internal void MapAfterFlush(Bio bio)
    {
        if (bio.Size == 0)
        {
            bio.Complete(BlkStatus.Ok); // nothing to move and nothing to flush
            return;
        }

        if (bio.Operation.IsDataless())
        {
            SplitRequest split = _splits.Rent();
            PieceIssued();
            split.Start(bio, then: null, owner: this);
            MapDataless(bio, split);
            split.Put();
            return;
        }

        MapDataPieces(bio);
    }

    // dm_split_and_process_bio, repeated: clone the front piece, send it down, and advance the original over it.
    private void MapDataPieces(Bio bio)
    {
        while (true)
        {
            long remaining = bio.SectorCount;
            long run = Math.Min(remaining, Map(bio.Sector, out int lowerIndex, out long lowerSector));
            bool last = run == remaining;
            if (!last)
            {
                bio.IncRemaining(); // the rest is resubmitted and completes the original once more
            }

            Bio clone = _childBios.Rent();
            clone.Init(bio.Operation, bio.Flags, lowerSector, this, vecCapacity: 0);
            clone.CloneRangeOf(bio, 0, run << DmIoConstants.SectorShift);
            clone.Id = bio.Id;
            clone.Priority = bio.Priority;
            clone.Private = bio;
            clone.SetPrivateIndex(this, lowerIndex);
            PieceIssued();
            SubmitPiece(_lower[lowerIndex], clone, bio, last);
            if (last)
            {
                return;
            }

            bio.Advance(run << DmIoConstants.SectorShift);
        }
    }

    // A device underneath that throws instead of completing breaks the completion rule. Fail its piece and drop the
    // completion owed for the rest (which will not be mapped now), so the original still completes; then rethrow.
    private static void SubmitPiece(IBlockDevice lower, Bio clone, Bio original, bool last)
    {
        try
        {
            BlockLayer.Submit(lower, clone);
        }
        catch (Exception)
        {
            if (!clone.IsCompleted)
            {
                clone.Complete(BlkStatus.IoError);
            }

            if (!last)
            {
                original.Complete(BlkStatus.IoError);
            }

            throw;
        }
    }

    // __send_empty_flush: one empty flush per device underneath; the tracker continues with the data (if any) after.
    private void SendEmptyFlush(Bio bio)
    {
        SplitRequest split = _splits.Rent();
        PieceIssued();
        split.Start(bio, then: this, owner: this);
        for (int i = 0; i < _lower.Length; i++)
        {
            if (_lower[i] is IDeviceMapperTarget { TakesFlushes: false })
            {
                continue; // num_flush_bios == 0: dm core maps no flush to this target
            }

            IssueChild(split, bio, i, 0, 0);
        }

        split.Put();
    }
}
