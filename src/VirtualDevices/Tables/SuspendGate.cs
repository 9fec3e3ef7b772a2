namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// The suspend state of one table device, after 6.12's <c>struct mapped_device</c>: the flags
/// <c>DMF_BLOCK_IO_FOR_SUSPEND</c>, <c>DMF_NOFLUSH_SUSPENDING</c> and <c>DMF_SUSPENDED</c>, the count of work inside the
/// device (<c>pending_io</c> plus the mappers <c>io_barrier</c> waits for), and the deferred bio list. It decides; the
/// device runs the target hooks.
/// </summary>
/// <remarks>
/// Thread-safe. The hot path (a bio entering the mapping, a piece ending) takes no lock: the counter is raised before
/// the block flag is read, and the suspend sets the flag before it reads the counter, so either the mapper sees the
/// flag or the suspend sees the mapper.
/// </remarks>
internal sealed class SuspendGate
{
    private readonly object _lock = new();                // guards the lists and the phase changes
    private readonly Queue<Bio> _requeued = new();        // bios pushed back by targets, in push-back order
    private readonly Queue<Bio> _deferred = new();        // bios that arrived while blocked, in arrival order (queue_io)
    private int _active;                                  // mappings under way plus pieces in flight
    private int _blockIo;                                 // 1 while DMF_BLOCK_IO_FOR_SUSPEND
    private bool _noflushSuspending;                      // DMF_NOFLUSH_SUSPENDING
    private bool _suspended;                              // DMF_SUSPENDED
    private TaskCompletionSource<int>? _suspending;       // the suspend waiting for the device to drain; null otherwise

    /// <summary>True once a suspend has completed, until the resume (<c>dm_suspended_md</c>).</summary>
    public bool IsSuspended
    {
        get
        {
            lock (_lock)
            {
                return _suspended;
            }
        }
    }

    /// <summary>True from the start of a noflush suspend until the device has drained (<c>dm_noflush_suspending</c>).</summary>
    public bool IsNoflushSuspending
    {
        get
        {
            lock (_lock)
            {
                return _noflushSuspending;
            }
        }
    }

    /// <summary>True while a suspend is waiting for the device to drain.</summary>
    public bool IsSuspending
    {
        get
        {
            lock (_lock)
            {
                return _suspending is not null;
            }
        }
    }

    /// <summary>Bios held for the resume: the pushed-back ones and the deferred ones.</summary>
    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _requeued.Count + _deferred.Count;
            }
        }
    }

    /// <summary>Starts a suspend: false when the device is suspended or suspending already.</summary>
    /// <param name="noflush">Sets <c>DMF_NOFLUSH_SUSPENDING</c> (before the presuspend hooks, as <c>__dm_suspend</c> does).</param>
    /// <param name="done">Receives the task that completes once the suspend has.</param>
    public bool TryBegin(bool noflush, out Task<int> done)
    {
        lock (_lock)
        {
            if (_suspended || _suspending is not null)
            {
                done = Task.FromResult(0);
                return false;
            }

            _suspending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _noflushSuspending = noflush;
            done = _suspending.Task;
            return true;
        }
    }

    /// <summary>Sets <c>DMF_BLOCK_IO_FOR_SUSPEND</c>: from now on bios are deferred. True when nothing is in flight.</summary>
    public bool Block()
    {
        Interlocked.Exchange(ref _blockIo, 1); // a full fence: the count below is read after the flag is visible
        return Volatile.Read(ref _active) == 0;
    }

    /// <summary>
    /// Marks the device suspended once it has drained (<c>dm_wait_for_completion</c> returned): clears
    /// <c>DMF_NOFLUSH_SUSPENDING</c> and sets <c>DMF_SUSPENDED</c>. Returns the waiting suspend to finish, or null when
    /// there is none or the device has not drained (another caller will then finish it).
    /// </summary>
    public TaskCompletionSource<int>? TryDrained()
    {
        lock (_lock)
        {
            if (_suspending is null || Volatile.Read(ref _blockIo) == 0 || Volatile.Read(ref _active) != 0 || _suspended)
            {
                return null;
            }

            _suspended = true;
            _noflushSuspending = false;
            return _suspending;
        }
    }

    /// <summary>Ends the suspend that <see cref="TryDrained"/> handed out, after the postsuspend hooks ran.</summary>
    public void Finish(TaskCompletionSource<int> suspend)
    {
        lock (_lock)
        {
            _suspending = null;
        }

        suspend.SetResult(0);
    }

    /// <summary>
    /// A bio wants to be mapped (<c>dm_submit_bio</c>): true lets it (and counts it until <see cref="Exit"/>); false
    /// means it was put on the deferred list. A false answer may have drained the device: check <see cref="TryDrained"/>.
    /// </summary>
    public bool TryEnter(Bio bio)
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _blockIo) == 0)
        {
            return true;
        }

        lock (_lock)
        {
            if (Volatile.Read(ref _blockIo) == 0)
            {
                return true; // resumed in between
            }

            _deferred.Enqueue(bio);
        }

        Interlocked.Decrement(ref _active);
        return false;
    }

    /// <summary>Counts one more piece in flight.</summary>
    public void PieceIssued() => Interlocked.Increment(ref _active);

    /// <summary>Drops one unit of work; true when that may have drained a blocked device.</summary>
    public bool Exit() => Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _blockIo) != 0;

    /// <summary>
    /// A target pushed a bio back (<c>dm_handle_requeue</c>): kept for the resume when a noflush suspend is under way,
    /// otherwise refused (the bio then fails with <c>BLK_STS_IOERR</c>).
    /// </summary>
    public bool TryRequeue(Bio bio)
    {
        lock (_lock)
        {
            if (!_noflushSuspending)
            {
                return false;
            }

            _requeued.Enqueue(bio);
            return true;
        }
    }

    /// <summary>Clears <c>DMF_SUSPENDED</c> and <c>DMF_BLOCK_IO_FOR_SUSPEND</c> (<c>dm_queue_flush</c>).</summary>
    public void Unblock()
    {
        lock (_lock)
        {
            _suspended = false;
            Volatile.Write(ref _blockIo, 0);
        }
    }

    /// <summary>
    /// The next held bio to resubmit (<c>dm_wq_work</c>): pushed-back bios first, then deferred ones, each in order;
    /// null when none is left or the device is blocked again.
    /// </summary>
    public Bio? NextHeld()
    {
        lock (_lock)
        {
            if (Volatile.Read(ref _blockIo) != 0)
            {
                return null;
            }

            return _requeued.TryDequeue(out Bio? bio) || _deferred.TryDequeue(out bio) ? bio : null;
        }
    }
}
