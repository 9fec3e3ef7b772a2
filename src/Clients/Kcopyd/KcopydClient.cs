namespace DmIo.Clients.Kcopyd;

/// <summary>
/// Copies one region to up to eight others, or zeroes them, in the background (Linux 6.12's kcopyd,
/// <c>drivers/md/dm-kcopyd.c</c>), over its own dm-io client as the kernel's does. A job of at most
/// <see cref="KcopydConstants.SubJobSizeSectors"/> sectors reads the source into pages, then writes them to every
/// destination in one dm-io request; a larger job is split into sub-jobs of that size, eight at a time. The callback
/// runs exactly once per job, from the client's worker, after every part of the job has finished.
/// </summary>
/// <remarks>
/// Everything runs through the injected <see cref="IIoScheduler"/>: the worker (the kernel's work item) is a
/// scheduler event, throttle sleeps are timed events, and the dm-io requests complete when their devices do.
/// The source region's device may be any <see cref="IBlockDevice"/>; a region past the end of its device is not
/// refused here, it fails in the block layer as in the kernel, and the job reports it in its error bits.
/// </remarks>
public sealed partial class KcopydClient : IDisposable
{
    // The kernel's zero_page_list: one zero page whose list loops to itself, so a zero job of any size writes from it.
    private static readonly PageList ZeroPages = CreateZeroPages();

    private readonly IIoScheduler _scheduler;        // where the worker, throttle sleeps and waits run
    private readonly DmIoClient _io;                 // this client's own dm-io client
    private readonly KcopydPagePool _pages;          // reserved pages and system allocations
    private readonly DmIoNotify _completeIo;         // complete_io, allocated once
    private readonly KcopydNotify _segmentComplete;  // segment_complete, allocated once
    private int _jobsInFlight;                       // nr_jobs: jobs and sub-jobs dispatched and not yet completed
    private bool _disposed;

    private KcopydClient(IIoScheduler scheduler, KcopydThrottle? throttle)
    {
        _scheduler = scheduler;
        Throttle = throttle;
        _io = DmIoClient.CreateWithIoCapacity(KcopydConstants.DmIoReservedIos, scheduler);
        _pages = new KcopydPagePool(KcopydConstants.ReservedPages);
        _completeIo = CompleteIo;
        _segmentComplete = SegmentComplete;
        _idle = new WorkerIdle(this);
    }

    /// <summary>The throttle this client's I/O counts against, or null when it is not throttled.</summary>
    public KcopydThrottle? Throttle { get; }

    /// <summary>
    /// Jobs not yet completed (<c>nr_jobs</c>): each job run whole counts once; a split job counts once for itself and
    /// once for each sub-job part in flight.
    /// </summary>
    public int JobsInFlight => Volatile.Read(ref _jobsInFlight);

    /// <summary>Pages this client keeps for itself (<c>nr_reserved_pages</c>): <see cref="KcopydConstants.ReservedPages"/>.</summary>
    public int ReservedPages => _pages.ReservedPages;

    /// <summary>Reserved pages not in use now (<c>nr_free_pages</c>).</summary>
    public int FreeReservedPages => _pages.FreeReservedPages;

    /// <summary>Pages taken from the system beyond the reserve and still held by jobs.</summary>
    public int SystemPagesInUse => _pages.SystemPages;

    /// <summary>
    /// Models memory pressure: while true, every page allocation from the system fails (<c>alloc_pl</c> with
    /// <c>__GFP_NORETRY</c> returning NULL), so sub-jobs live on the reserve alone and, when it runs dry, wait in
    /// the pages list until a finished job gives pages back. False by default: the system has pages to spare, as
    /// on an idle kernel, and every sub-job gets its pages at once.
    /// </summary>
    public bool SystemPagesExhausted
    {
        get => _pages.SystemExhausted;
        set => _pages.SystemExhausted = value;
    }

    /// <summary>Creates a client with its own page reserve and dm-io client (<c>dm_kcopyd_client_create</c>).</summary>
    /// <param name="scheduler">Where the worker runs and time is measured.</param>
    /// <param name="throttle">The throttle to count I/O against, possibly shared with other clients; null for none.</param>
    /// <returns>The client.</returns>
    public static KcopydClient Create(IIoScheduler scheduler, KcopydThrottle? throttle = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new KcopydClient(scheduler, throttle);
    }

    /// <summary>
    /// Copies <paramref name="from"/> to every destination (<c>dm_kcopyd_copy</c>) and later calls
    /// <paramref name="notify"/> exactly once with the read error and one write-error bit per destination. Bad
    /// arguments throw before anything is queued.
    /// </summary>
    /// <param name="from">The source region.</param>
    /// <param name="destinations">1..8 regions, each as long as <paramref name="from"/>.</param>
    /// <param name="flags">Error and write-order behaviour.</param>
    /// <param name="notify">Called once when the job has finished.</param>
    /// <param name="context">Passed to <paramref name="notify"/>.</param>
    public void Copy(IoRegion from, ReadOnlySpan<IoRegion> destinations, KcopydFlags flags, KcopydNotify notify, object? context = null)
    {
        KcopydJobValidator.Validate(from, destinations, flags, notify);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Submit(from, destinations, flags, notify, context);
    }

    /// <summary>
    /// Zeroes every destination (<c>dm_kcopyd_zero</c>): with write-zeroes when every destination supports it, else by
    /// writing the zero page, and later calls <paramref name="notify"/> exactly once.
    /// </summary>
    /// <param name="destinations">1..8 regions of one size.</param>
    /// <param name="flags">Error and write-order behaviour.</param>
    /// <param name="notify">Called once when the job has finished.</param>
    /// <param name="context">Passed to <paramref name="notify"/>.</param>
    public void Zero(ReadOnlySpan<IoRegion> destinations, KcopydFlags flags, KcopydNotify notify, object? context = null)
    {
        KcopydJobValidator.Validate(null, destinations, flags, notify);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Submit(null, destinations, flags, notify, context);
    }

    /// <summary>
    /// Prepares a callback to fire later from the worker (<c>dm_kcopyd_prepare_callback</c>); it counts as a job in
    /// flight until it has run, so <see cref="Dispose"/> refuses meanwhile.
    /// </summary>
    /// <param name="notify">Called once, from the worker, after <see cref="DoCallback"/>.</param>
    /// <param name="context">Passed to <paramref name="notify"/>.</param>
    /// <returns>The handle to give <see cref="DoCallback"/>.</returns>
    public KcopydCallback PrepareCallback(KcopydNotify notify, object? context = null)
    {
        ArgumentNullException.ThrowIfNull(notify);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var job = new KcopydJob { Notify = notify, Context = context };
        job.Master = job;
        Interlocked.Increment(ref _jobsInFlight);
        return new KcopydCallback(this, job);
    }

    /// <summary>
    /// Fires a prepared callback with the given errors (<c>dm_kcopyd_do_callback</c>): the worker calls it on its next
    /// run. A handle from another client, or one already fired, throws and changes nothing.
    /// </summary>
    /// <param name="callback">A handle from <see cref="PrepareCallback"/> of this client, not yet fired.</param>
    /// <param name="readError">The read error to report.</param>
    /// <param name="writeErrors">The write-error bits to report.</param>
    public void DoCallback(KcopydCallback callback, bool readError, ulong writeErrors)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (callback.Owner != this)
        {
            throw new ArgumentException("The callback was prepared by another kcopyd client.", nameof(callback));
        }

        lock (_lock)
        {
            if (callback.IsSubmitted)
            {
                throw new InvalidOperationException("The prepared kcopyd callback was already fired; each fires once.");
            }

            callback.IsSubmitted = true;
        }

        callback.Job.ReadError = readError;
        callback.Job.WriteErrors = writeErrors;
        Push(_callbackJobs, callback.Job);
        Wake();
    }

    /// <summary>
    /// Waits until the worker has nothing queued and is not running (<c>dm_kcopyd_client_flush</c> flushes the
    /// workqueue). I/O still in flight may queue more work after this returns.
    /// </summary>
    public void Flush() => _scheduler.WaitUntil(_idle);

    /// <summary>
    /// Destroys the client (<c>dm_kcopyd_client_destroy</c>). The kernel waits for every job to complete; with a
    /// simulated scheduler waiting here would run other people's events, so instead this throws
    /// <see cref="InvalidOperationException"/>, leaving the client usable, while <see cref="JobsInFlight"/> is not 0.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        int jobs = JobsInFlight;
        if (jobs != 0)
        {
            throw new InvalidOperationException($"Cannot destroy a kcopyd client with {jobs} job(s) in flight.");
        }

        _io.Dispose();
        _disposed = true;
    }

    private static PageList CreateZeroPages()
    {
        var zero = new PageList(new Page());
        zero.Next = zero;
        return zero;
    }

    // dm_kcopyd_copy: a zero job is a copy without a source.
    private void Submit(IoRegion? from, ReadOnlySpan<IoRegion> destinations, KcopydFlags flags, KcopydNotify notify, object? context)
    {
        var job = new KcopydJob { Flags = flags, Destinations = destinations.ToArray() };

        // 6.12 also sets WriteSequential when a destination is host-managed zoned; no device here is, so only the caller sets it.
        if ((job.Flags & KcopydFlags.WriteSequential) != 0)
        {
            job.Flags &= ~KcopydFlags.IgnoreError; // "If we need to write sequentially, errors cannot be ignored."
        }

        if (from is IoRegion source)
        {
            job.Source = source;
            job.Pages = null;
            job.Operation = BioOperation.Read;
        }
        else
        {
            job.Source = default(IoRegion) with { Count = job.Destinations[0].Count };
            job.Pages = ZeroPages;
            job.Operation = AllSupportWriteZeroes(job.Destinations) ? BioOperation.WriteZeroes : BioOperation.Write;
        }

        job.Notify = notify;
        job.Context = context;
        job.Master = job;
        job.WriteOffset = 0;
        if (job.Source.Count <= KcopydConstants.SubJobSizeSectors)
        {
            Dispatch(job);
        }
        else
        {
            job.Progress = 0;
            Split(job);
        }
    }

    private static bool AllSupportWriteZeroes(IoRegion[] destinations)
    {
        foreach (IoRegion destination in destinations)
        {
            if (destination.Device.Limits.MaxWriteZeroesSectors == 0)
            {
                return false;
            }
        }

        return true;
    }

    // dispatch_job: an empty job only runs its callback; a zero job needs no pages; a copy first waits for pages.
    private void Dispatch(KcopydJob job)
    {
        Interlocked.Increment(ref _jobsInFlight);
        if (job.Source.Count == 0)
        {
            Push(_callbackJobs, job);
        }
        else if (job.Pages == ZeroPages)
        {
            Push(_ioJobs, job);
        }
        else
        {
            Push(_pagesJobs, job);
        }

        Wake();
    }

    // split_job: the master counts as one job and starts SPLIT_COUNT sub-jobs, each as if one had just finished.
    private void Split(KcopydJob master)
    {
        Interlocked.Increment(ref _jobsInFlight);
        master.SubJobs = KcopydConstants.SplitCount;
        for (int i = 0; i < KcopydConstants.SplitCount; i++)
        {
            SegmentComplete(false, 0, new KcopydJob { Master = master });
        }
    }

    // segment_complete: fold a finished sub-job's errors into the master, then give the sub-job the next chunk (unless
    // an error stops the job); a sub-job with nothing left retires, and the last to retire completes the master.
    private void SegmentComplete(bool readError, ulong writeErrors, object? context)
    {
        var subJob = (KcopydJob)context!;
        KcopydJob master = subJob.Master;
        long progress = 0;
        long count = 0;
        lock (master.Gate)
        {
            if (readError)
            {
                master.ReadError = true;
            }

            master.WriteErrors |= writeErrors;
            if ((!master.ReadError && master.WriteErrors == 0) || (master.Flags & KcopydFlags.IgnoreError) != 0)
            {
                progress = master.Progress;
                count = Math.Min(master.Source.Count - progress, KcopydConstants.SubJobSizeSectors);
                master.Progress += count;
            }
        }

        if (count != 0)
        {
            subJob.CopyFrom(master);
            subJob.WriteOffset = progress;
            subJob.Source = subJob.Source with { Sector = subJob.Source.Sector + progress, Count = count };
            for (int i = 0; i < subJob.Destinations.Length; i++)
            {
                IoRegion d = subJob.Destinations[i];
                subJob.Destinations[i] = d with { Sector = d.Sector + progress, Count = count };
            }

            subJob.Notify = _segmentComplete;
            subJob.Context = subJob;
            Dispatch(subJob);
            return;
        }

        bool last;
        lock (master.Gate)
        {
            last = --master.SubJobs == 0;
        }

        if (last)
        {
            // Completions run from the worker only, so callers never see two callbacks race.
            Push(_completeJobs, master);
            Wake();
        }
    }
}
