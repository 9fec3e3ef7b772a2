namespace DmIo.Clients.Kcopyd;

/// <summary>
/// The client's worker (the kernel's <c>kcopyd_work</c> and <c>do_work</c>): four job lists and one work item that
/// drains them in a fixed order, queued again whenever something changes.
/// </summary>
public sealed partial class KcopydClient
{
    private readonly Lock _lock = new();                      // job_lock: guards the lists and the worker state
    private readonly LinkedList<KcopydJob> _callbackJobs = new(); // jobs with no I/O, waiting to run their callback
    private readonly LinkedList<KcopydJob> _completeJobs = new(); // jobs whose callback is due
    private readonly LinkedList<KcopydJob> _ioJobs = new();       // jobs with pages, waiting to issue a dm-io request
    private readonly LinkedList<KcopydJob> _pagesJobs = new();    // copy jobs waiting for pages
    private readonly WorkerIdle _idle;                          // what Flush waits for
    private bool _workPending;                                  // the work item is queued (WORK_STRUCT_PENDING)
    private bool _workRunning;                                  // the work item is executing, perhaps asleep in the throttle

    // wake / queue_work: queue the work item unless it is already queued; a work item never runs twice at once, so
    // one queued while it runs starts when the running one finishes.
    private void Wake()
    {
        lock (_lock)
        {
            if (_workPending)
            {
                return;
            }

            _workPending = true;
            if (_workRunning)
            {
                return;
            }
        }

        _scheduler.Schedule(0, DoWork);
    }

    // do_work. The order matters: completed jobs free pages for jobs waiting for pages, which then join the I/O list.
    private void DoWork()
    {
        lock (_lock)
        {
            _workPending = false;
            _workRunning = true;
            while (_callbackJobs.First is { } node)
            {
                _callbackJobs.RemoveFirst();
                _completeJobs.AddLast(node);
            }
        }

        ProcessJobs(_completeJobs, RunCompleteJob);
        ProcessJobs(_pagesJobs, RunPagesJob);
        ProcessIoJobs(asleep: null, slept: 0);
    }

    private void FinishWork()
    {
        bool again;
        lock (_lock)
        {
            _workRunning = false;
            again = _workPending;
        }

        if (again)
        {
            _scheduler.Schedule(0, DoWork);
        }
        else
        {
            _idle.Changed();
        }
    }

    // process_jobs: run jobs until one fails (it completes with errors) or cannot run yet (it goes back to the head).
    private void ProcessJobs(LinkedList<KcopydJob> jobs, Func<KcopydJob, bool> run)
    {
        while (Pop(jobs) is { } job)
        {
            if (!run(job))
            {
                PushHead(jobs, job);
                break;
            }
        }
    }

    // The I/O part of process_jobs, resumable: a throttle sleep suspends the whole worker, as fsleep does in the kernel.
    private void ProcessIoJobs(KcopydJob? asleep, int slept)
    {
        KcopydJob? job = asleep ?? PopIoJob();
        while (job is not null)
        {
            if (asleep is null && RefuseSequentialAfterError(job))
            {
                FailRogueJob(job);
                break;
            }

            if (Throttle is { } throttle && !throttle.TryStartIo(_scheduler.NowNanoseconds, slept))
            {
                KcopydJob sleeper = job;
                int sleeps = slept + 1;
                _scheduler.Schedule(KcopydThrottle.SleepNanoseconds(_scheduler.NowNanoseconds), () => ProcessIoJobs(sleeper, sleeps));
                return;
            }

            asleep = null;
            slept = 0;
            SubmitIo(job);
            job = PopIoJob();
        }

        FinishWork();
    }

    // run_complete_job: give the pages back, then call the job's callback (for a sub-job, segment_complete).
    private bool RunCompleteJob(KcopydJob job)
    {
        if (job.Pages is { } pages && pages != ZeroPages)
        {
            _pages.Put(pages);
        }

        job.Pages = null;
        job.Notify(job.ReadError, job.WriteErrors, job.Context);
        if (Interlocked.Decrement(ref _jobsInFlight) == 0)
        {
            _idle.Changed();
        }

        return true;
    }

    // run_pages_job: a job with its pages is ready for I/O; without them it waits (false puts it back at the head).
    private bool RunPagesJob(KcopydJob job)
    {
        int pageCount = (int)((job.Destinations[0].Count + DmIoConstants.SectorsPerPage - 1) / DmIoConstants.SectorsPerPage);
        PageList? pages = _pages.TryTake(pageCount);
        if (pages is null)
        {
            return false;
        }

        job.Pages = pages;
        Push(_ioJobs, job);
        return true;
    }

    // run_io_job's first check: once a sequential job has a write error, no later part may be read or written.
    private static bool RefuseSequentialAfterError(KcopydJob job)
    {
        if ((job.Flags & KcopydFlags.WriteSequential) == 0 || job.Master.WriteErrors == 0)
        {
            return false;
        }

        job.WriteErrors = job.Master.WriteErrors;
        return true;
    }

    // process_jobs' "rogue job" path (run_io_job returned -EIO): a write fails on every destination bit, a read as a read.
    private void FailRogueJob(KcopydJob job)
    {
        if (job.Operation.IsWrite())
        {
            job.WriteErrors = ulong.MaxValue;
        }
        else
        {
            job.ReadError = true;
        }

        Push(_completeJobs, job);
        Wake();
    }

    // run_io_job: read the source into the pages, or write them (or write zeroes) to every destination in one request.
    private void SubmitIo(KcopydJob job)
    {
        var request = new DmIoRequest
        {
            Operation = job.Operation,
            Memory = DmIoMemory.FromPageList(job.Pages!),
            Notify = _completeIo,
            Context = job,
            Client = _io,
        };
        if (job.Operation == BioOperation.Read)
        {
            IoRegion source = job.Source;
            DmIoEngine.Execute(request, new ReadOnlySpan<IoRegion>(in source));
        }
        else
        {
            DmIoEngine.Execute(request, job.Destinations);
        }
    }

    // complete_io: an error ends the job unless errors are ignored; a finished read becomes the write of the same pages.
    private void CompleteIo(ulong errorBits, object? context)
    {
        var job = (KcopydJob)context!;
        Throttle?.FinishIo(_scheduler.NowNanoseconds);
        if (errorBits != 0)
        {
            if (job.Operation.IsWrite())
            {
                job.WriteErrors |= errorBits;
            }
            else
            {
                job.ReadError = true;
            }

            if ((job.Flags & KcopydFlags.IgnoreError) == 0)
            {
                Push(_completeJobs, job);
                Wake();
                return;
            }
        }

        if (job.Operation.IsWrite())
        {
            Push(_completeJobs, job);
        }
        else
        {
            job.Operation = BioOperation.Write;
            Push(_ioJobs, job);
        }

        Wake();
    }

    private KcopydJob? Pop(LinkedList<KcopydJob> jobs)
    {
        lock (_lock)
        {
            if (jobs.First is not { } first)
            {
                return null;
            }

            jobs.RemoveFirst();
            return first.Value;
        }
    }

    // pop_io_job: any read, any write without the sequential constraint, and a sequential write only when it is
    // the next one its master may issue (which moves the master's write offset past it).
    private KcopydJob? PopIoJob()
    {
        lock (_lock)
        {
            for (LinkedListNode<KcopydJob>? node = _ioJobs.First; node is not null; node = node.Next)
            {
                KcopydJob job = node.Value;
                if (job.Operation == BioOperation.Read || (job.Flags & KcopydFlags.WriteSequential) == 0)
                {
                    _ioJobs.Remove(node);
                    return job;
                }

                if (job.WriteOffset == job.Master.WriteOffset)
                {
                    job.Master.WriteOffset += job.Source.Count;
                    _ioJobs.Remove(node);
                    return job;
                }
            }

            return null;
        }
    }

    private void Push(LinkedList<KcopydJob> jobs, KcopydJob job)
    {
        lock (_lock)
        {
            jobs.AddLast(job);
        }
    }

    private void PushHead(LinkedList<KcopydJob> jobs, KcopydJob job)
    {
        lock (_lock)
        {
            jobs.AddFirst(job);
        }
    }

    /// <summary>Satisfied while the worker is neither queued nor running, i.e. what a workqueue flush waits for.</summary>
    private sealed class WorkerIdle(KcopydClient client) : IoWaitCondition
    {
        public override bool IsSatisfied
        {
            get
            {
                lock (client._lock)
                {
                    return !client._workPending && !client._workRunning;
                }
            }
        }

        public override string Description => "the kcopyd worker to go idle";

        public void Changed() => Signal();
    }
}
