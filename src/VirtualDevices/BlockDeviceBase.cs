namespace DmIo.VirtualDevices;

/// <summary>
/// The shared half of every leaf backend: name, capacity and limits checked once, a count of submitted bios,
/// and the three completion modes. A backend only says how to serve one bio (<see cref="Serve"/>); this class
/// decides when that happens and completes the bio exactly once with the status <see cref="Serve"/> returns.
/// </summary>
public abstract class BlockDeviceBase : IBlockDevice
{
    private readonly Lock _queueLock = new();     // guards _pending
    private readonly Queue<Bio> _pending = new();   // queued-mode bios awaiting CompleteNext
    private readonly IIoScheduler? _scheduler;      // where scheduled-mode completions run
    private long _biosSubmitted;                    // bios handed to Submit, for reports

    /// <summary>Checks and stores what every backend has.</summary>
    /// <param name="name">The device's name; not blank.</param>
    /// <param name="capacitySectors">Its size in sectors: positive and a whole number of logical blocks.</param>
    /// <param name="limits">Its queue limits: the caller's, or the backend's kernel counterpart's defaults.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Required for <see cref="DeviceCompletionMode.Scheduled"/>; ignored otherwise.</param>
    /// <param name="queueKind">Whether the block layer hands it bios whole or split against <paramref name="limits"/>.</param>
    protected BlockDeviceBase(string name, long capacitySectors, QueueLimits limits, DeviceCompletionMode completion, IIoScheduler? scheduler,
        BlockQueueKind queueKind = BlockQueueKind.BioBased)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        if (capacitySectors > long.MaxValue >> DmIoConstants.SectorShift)
        {
            throw new ArgumentOutOfRangeException(nameof(capacitySectors), capacitySectors,
                "The capacity in bytes must fit in 63 bits (at most 2^54 sectors).");
        }

        if (!Enum.IsDefined(completion))
        {
            throw new ArgumentOutOfRangeException(nameof(completion), completion, "Unknown completion mode.");
        }

        if (!Enum.IsDefined(queueKind))
        {
            throw new ArgumentOutOfRangeException(nameof(queueKind), queueKind, "Unknown queue kind.");
        }

        if (completion == DeviceCompletionMode.Scheduled && scheduler is null)
        {
            throw new ArgumentNullException(nameof(scheduler), "Scheduled completion needs a scheduler to complete on.");
        }

        QueueLimits checkedLimits = limits.Validate(nameof(limits));
        SectorMath.ThrowIfNotWholeBlocks(capacitySectors, checkedLimits.LogicalBlockSize, nameof(capacitySectors));
        Name = name;
        CapacitySectors = capacitySectors;
        Limits = checkedLimits;
        Completion = completion;
        QueueKind = queueKind;
        _scheduler = scheduler;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <summary>The device's size in bytes.</summary>
    public long CapacityBytes => CapacitySectors << DmIoConstants.SectorShift;

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <inheritdoc />
    public BlockQueueKind QueueKind { get; }

    /// <summary>When this device completes bios.</summary>
    public DeviceCompletionMode Completion { get; }

    /// <summary>Bios submitted so far.</summary>
    public long BiosSubmitted => Interlocked.Read(ref _biosSubmitted);

    /// <summary>Queued-mode bios not yet completed.</summary>
    public int PendingCount
    {
        get
        {
            lock (_queueLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        Interlocked.Increment(ref _biosSubmitted);
        switch (Completion)
        {
            case DeviceCompletionMode.Queued:
                lock (_queueLock)
                {
                    _pending.Enqueue(bio);
                }

                break;
            case DeviceCompletionMode.Scheduled:
                ScheduleServe(bio);
                break;
            default:
                ServeAndComplete(bio);
                break;
        }
    }

    /// <summary>Completes the oldest queued bio; the data moves now, not when it was queued.</summary>
    /// <returns>False when none was queued.</returns>
    public bool CompleteNext()
    {
        Bio? bio;
        lock (_queueLock)
        {
            if (!_pending.TryDequeue(out bio))
            {
                return false;
            }
        }

        ServeAndComplete(bio);
        return true;
    }

    /// <summary>Completes every queued bio, including any queued by the completions themselves.</summary>
    /// <returns>How many bios were completed.</returns>
    public int DrainCompletions()
    {
        int n = 0;
        while (CompleteNext())
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// Does what <paramref name="bio"/> asks (a well-formed bio: in range, aligned, flags already filtered by the
    /// block layer) and says how it went. Must not complete the bio; may be called on any thread.
    /// </summary>
    /// <param name="bio">The bio to serve.</param>
    /// <returns>The status to complete the bio with.</returns>
    protected abstract BlkStatus Serve(Bio bio);

    private void ServeAndComplete(Bio bio) => bio.Complete(Serve(bio));

    // Kept out of Submit: a lambda capturing the parameter there would allocate its closure on every call,
    // including the inline path that must stay allocation-free.
    private void ScheduleServe(Bio bio) => _scheduler!.Schedule(0, () => ServeAndComplete(bio));
}
