namespace DmIo.VirtualDevices;

/// <summary>
/// The shared half of device-mapper style mappings (linear, striped, tables): it maps a bio onto the devices
/// underneath, splitting it into child bios wherever the mapping changes device or jumps, submits each child
/// through <see cref="BlockLayer.Submit"/>, and completes the parent exactly once after every child has
/// completed, with the first failure any child reported. Mappings compose: a lower device may itself be a
/// mapping, to any depth. Thread-safe: the mapping is immutable and per-bio state lives in pooled trackers.
/// </summary>
/// <remarks>
/// Flushes follow dm: an empty PREFLUSH bio goes to every lower device; a PREFLUSH bio with data keeps the flag
/// on each data child (so each lower device flushes before writing its part) and every lower device that gets
/// no data receives an empty flush, so the whole device is flushed before the write counts as done. FUA stays
/// on the data children only. Only this assembly can derive from this class.
/// </remarks>
public abstract class StackedDeviceBase : IBlockDevice
{
    private readonly IBlockDevice[] _lower;              // the devices this one maps onto, by index
    private readonly FreeList<Bio> _childBios;           // reusable child bios
    private readonly FreeList<SplitRequest> _splits;     // reusable parent trackers

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
    public long CapacitySectors { get; }

    /// <summary>The stacked limits: every lower device's, combined as device-mapper does (<see cref="LimitStacking"/>).</summary>
    public QueueLimits Limits { get; }

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

        bool preflush = (bio.Flags & BioFlags.Preflush) != 0;
        if (bio.Size == 0 && !preflush)
        {
            bio.Complete(BlkStatus.Ok); // nothing to move and nothing to flush
            return;
        }

        SplitRequest split = _splits.Rent();
        split.Start(bio);
        bool[]? gotData = preflush ? new bool[_lower.Length] : null;
        if (bio.Size != 0)
        {
            if (bio.Operation.IsDataless())
            {
                MapDataless(bio, split, gotData);
            }
            else
            {
                MapData(bio, split, gotData);
            }
        }

        if (gotData is not null)
        {
            for (int i = 0; i < _lower.Length; i++)
            {
                if (!gotData[i])
                {
                    IssueChild(split, bio, i, 0, 0, walker: null, gotData: null);
                }
            }
        }

        split.Put(); // drop the issuing reference; completes the parent if every child already has
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} {Name} ({CapacitySectors} sectors over {string.Join(", ", _lower.Select(d => d.Name))})";

    /// <summary>
    /// Maps <paramref name="sector"/> of this device onto a lower device.
    /// </summary>
    /// <param name="sector">A sector of this device, in range.</param>
    /// <param name="lowerIndex">Receives the index into <see cref="LowerDevices"/>.</param>
    /// <param name="lowerSector">Receives the sector on that device.</param>
    /// <returns>How many sectors from <paramref name="sector"/> on map contiguously there (to the next boundary).</returns>
    private protected abstract long Map(long sector, out int lowerIndex, out long lowerSector);

    /// <summary>Maps a discard or write-zeroes bio; by default it is split at every boundary like a data bio.</summary>
    private protected virtual void MapDataless(Bio bio, SplitRequest split, bool[]? gotData) => MapData(bio, split, gotData);

    /// <summary>Submits one child of <paramref name="parent"/> to lower device <paramref name="lowerIndex"/>.</summary>
    /// <param name="split">The parent's tracker.</param>
    /// <param name="parent">The bio being split.</param>
    /// <param name="lowerIndex">Index into <see cref="LowerDevices"/>.</param>
    /// <param name="lowerSector">The child's first sector on that device.</param>
    /// <param name="sectors">The child's length; 0 makes an empty flush.</param>
    /// <param name="walker">The parent's memory, for data bios; null for dataless and empty children.</param>
    /// <param name="gotData">Marks which lower devices received data, for PREFLUSH bios; else null.</param>
    private protected void IssueChild(SplitRequest split, Bio parent, int lowerIndex, long lowerSector, long sectors, SegmentWalker? walker, bool[]? gotData)
    {
        Bio child = _childBios.Rent();
        BioFlags flags = sectors == 0 ? parent.Flags & ~BioFlags.Fua : parent.Flags;
        child.Init(parent.Operation, flags, lowerSector, split);
        child.Id = parent.Id;
        child.Priority = parent.Priority;
        if (walker is not null)
        {
            walker.AddTo(child, sectors << DmIoConstants.SectorShift);
        }
        else
        {
            child.SetDatalessSize(sectors << DmIoConstants.SectorShift);
        }

        if (gotData is not null)
        {
            gotData[lowerIndex] = true;
        }

        split.AddChild();
        BlockLayer.Submit(_lower[lowerIndex], child);
    }

    private void MapData(Bio bio, SplitRequest split, bool[]? gotData)
    {
        SegmentWalker? walker = bio.Operation.IsDataless() ? null : new SegmentWalker(bio);
        long sector = bio.Sector;
        long remaining = bio.SectorCount;
        while (remaining > 0)
        {
            long run = Math.Min(remaining, Map(sector, out int lowerIndex, out long lowerSector));
            IssueChild(split, bio, lowerIndex, lowerSector, run, walker, gotData);
            sector += run;
            remaining -= run;
        }
    }
}
