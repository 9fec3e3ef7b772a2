namespace DmIo.Properties;

/// <summary>
/// An observer between dm-io and a device: records every bio it is given (sector, size, segments) and its completion
/// status, and forwards a child bio carrying the same segments. It is the tests' own witness of how the engine split
/// a request, independent of the engine's bookkeeping.
/// </summary>
internal sealed class BioSpyDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;        // where bios really go
    private readonly object _lock = new();       // guards _bios
    private readonly List<SpiedBio> _bios = [];  // in submission order

    /// <summary>Creates a spy over <paramref name="lower"/>.</summary>
    /// <param name="name">The spy's name.</param>
    /// <param name="lower">The device beneath.</param>
    /// <param name="limits">Limits to advertise; the lower device's when null (they must not exceed what it accepts).</param>
    public BioSpyDevice(string name, IBlockDevice lower, QueueLimits? limits = null)
    {
        Name = name;
        _lower = lower;
        Limits = (limits ?? lower.Limits).Validate(nameof(limits));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors => _lower.CapacitySectors;

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>Bio-based by default (bios arrive as submitted); request-based makes the block layer split them against <see cref="Limits"/> first.</summary>
    public BlockQueueKind QueueKind { get; init; } = BlockQueueKind.BioBased;

    /// <summary>
    /// True to hand each bio itself to the lower device after recording it (an observer the stack cannot see, so the
    /// device below advances the very bio dm-io issued); false (the default) to send a clone, as a device-mapper
    /// device stacked on top would. Pass-through bios have no recorded status.
    /// </summary>
    public bool PassThrough { get; init; }

    /// <summary>Runs when a bio completes, after its status is recorded and before its submitter hears of it.</summary>
    public Action<SpiedBio>? Completed { get; set; }

    /// <summary>A copy of the bios seen so far, in submission order.</summary>
    public IReadOnlyList<SpiedBio> Bios
    {
        get
        {
            lock (_lock)
            {
                return [.. _bios];
            }
        }
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        SpiedBio seen;
        var lengths = new int[bio.SegmentCount];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = bio.Segments[i].Length;
        }

        lock (_lock)
        {
            seen = new SpiedBio(_bios.Count, bio.Operation, bio.Sector, bio.SectorCount, lengths);
            _bios.Add(seen);
        }

        if (PassThrough)
        {
            BlockLayer.Submit(_lower, bio); // the very bio goes on, as if the spy were not there
            return;
        }

        var child = new Bio();
        child.Init(bio.Operation, bio.Flags, bio.Sector, new BioEndIoAction(done =>
        {
            lock (_lock)
            {
                seen.Status = done.Status;
            }

            Completed?.Invoke(seen);
            bio.Complete(done.Status);
        }));
        foreach (Memory<byte> segment in bio.Segments)
        {
            child.TryAddSegment(segment);
        }

        if (child.SegmentCount == 0)
        {
            child.SetDatalessSize(bio.Size);
        }

        child.Id = bio.Id;
        child.Priority = bio.Priority;
        BlockLayer.Submit(_lower, child);
    }
}
