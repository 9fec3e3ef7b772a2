namespace DmIo.Clients.Mirror;

/// <summary>The mirror's worker (<c>kmirrord</c>): its queues, its one work item, and the leg bookkeeping every path shares.</summary>
public sealed partial class MirrorTarget
{
    private MirrorWait? _recoveryStopped; // presuspend's wait for !dm_rh_recovery_in_flight
    private MirrorWait? _workerIdle;      // presuspend's flush_workqueue

    /// <summary>Queues a bio for the worker and wakes it if the queue was empty (<c>queue_bio</c>).</summary>
    private void QueueBio(MirrorBio record, bool write)
    {
        bool wake;
        lock (_lock)
        {
            List<MirrorBio> queue = write ? _writes : _reads;
            wake = queue.Count == 0;
            queue.Add(record);
        }

        if (wake)
        {
            WakeMirrord();
        }
    }

    /// <summary>Writes the region hash held back during a region's recovery go back to the worker (<c>dispatch_bios</c>).</summary>
    private void DispatchBios(IReadOnlyList<Bio> bios)
    {
        foreach (Bio bio in bios)
        {
            QueueBio(RecordOf(bio), write: true);
        }
    }

    /// <summary>Schedules the worker unless it is already scheduled (<c>wakeup_mirrord</c>, <c>queue_work</c>).</summary>
    private void WakeMirrord()
    {
        lock (_lock)
        {
            if (_workQueued)
            {
                return;
            }

            _workQueued = true;
        }

        _scheduler.Schedule(0, RunWorker);
    }

    /// <summary>Recovery ended somewhere: a presuspend waiting for recovery to stop may go on (<c>wakeup_all_recovery_waiters</c>).</summary>
    private void WakeRecoveryWaiters() => _recoveryStopped?.Changed();

    // A work item never runs twice at once: a wake-up while it runs (from another thread, or from an event the
    // simulated scheduler runs while the worker waits for a log flush) makes it run once more when it is done.
    private void RunWorker()
    {
        lock (_lock)
        {
            _workQueued = false;
            if (_disposed)
            {
                return; // mirror_dtr flushed the work queue; a run scheduled before the destructor has nothing to do
            }

            if (_workerRunning)
            {
                _rerun = true;
                return;
            }

            _workerRunning = true;
        }

        while (true)
        {
            try
            {
                DoMirror();
            }
            catch
            {
                lock (_lock)
                {
                    _workerRunning = false;
                    _rerun = false;
                }

                _workerIdle?.Changed();
                throw;
            }

            lock (_lock)
            {
                if (!_rerun)
                {
                    _workerRunning = false;
                    break;
                }

                _rerun = false;
            }
        }

        _workerIdle?.Changed();
    }

    // do_mirror: take the queues, update region states, recover, then reads, writes and failures.
    private void DoMirror()
    {
        bool activate;
        lock (_lock)
        {
            activate = !_activated;
            _activated = true;
        }

        if (activate)
        {
            ResumeCore(); // the resume that follows loading a new table
        }

        List<MirrorBio> reads, writes, failures;
        lock (_lock)
        {
            (reads, _reads) = (_reads, []);
            (writes, _writes) = (_writes, []);
            (failures, _failures) = (_failures, []);
        }

        _rh.UpdateStates(ErrorsHandled);
        DoRecovery();
        DoReads(reads);
        DoWrites(writes);
        DoFailures(failures);
    }

    private bool ErrorsHandled => (Features & MirrorFeatures.HandleErrors) != 0;

    private bool KeepLog => (Features & MirrorFeatures.KeepLog) != 0;

    /// <summary>
    /// Records a failure of <paramref name="leg"/> (<c>fail_mirror</c>). The first failure of each kind raises an
    /// event; with handle_errors, a failing default leg hands over to the first healthy one, unless the mirror is
    /// still out of sync without keep_log (the default leg then stays, lest reads return stale data).
    /// </summary>
    private void FailMirror(MirrorLeg leg, MirrorErrorKinds kind)
    {
        lock (_lock)
        {
            _legFailure = true;
            leg.ErrorCount++;
            if ((leg.Errors & kind) != 0)
            {
                return;
            }

            leg.Errors |= kind;
            if (!ErrorsHandled)
            {
                return;
            }

            if (leg.Index == _defaultLeg)
            {
                if (!_inSync && !KeepLog)
                {
                    _kernelLog.Add($"Primary mirror ({leg.Device.Name}) failed while out-of-sync: Reads may fail.");
                }
                else if (ValidLeg() is { } next)
                {
                    _defaultLeg = next.Index;
                }
                else
                {
                    _kernelLog.Add("All sides of mirror have failed.");
                }
            }
        }

        TriggerEvent();
    }

    /// <summary>The first leg with no failure (<c>get_valid_mirror</c>); hold <see cref="_lock"/>.</summary>
    private MirrorLeg? ValidLeg() => _legs.FirstOrDefault(l => l.ErrorCount == 0);

    /// <summary>
    /// The leg to read from (<c>choose_mirror</c>): the default leg if healthy, else the nearest healthy leg before it,
    /// wrapping round. 6.12 does no read balancing: the sector plays no part.
    /// </summary>
    private MirrorLeg? ChooseMirror()
    {
        lock (_lock)
        {
            int i = _defaultLeg;
            do
            {
                if (_legs[i].ErrorCount == 0)
                {
                    return _legs[i];
                }

                i = i == 0 ? _legs.Length - 1 : i - 1;
            }
            while (i != _defaultLeg);
            return null;
        }
    }

    /// <summary>Whether the default leg has no failure (<c>default_ok</c>).</summary>
    private bool DefaultOk()
    {
        lock (_lock)
        {
            return _legs[_defaultLeg].ErrorCount == 0;
        }
    }

    /// <summary>Whether a failed read may go to another leg: its region is in sync and a healthy leg is left (<c>mirror_available</c>).</summary>
    private bool MirrorAvailable(Bio bio) => _log.InSync(_rh.BioToRegion(bio)) && ChooseMirror() is not null;

    /// <summary>Clears every leg's failures after a complete resynchronisation (<c>reset_ms_flags</c>); hold <see cref="_lock"/>.</summary>
    private void ResetLegFailures()
    {
        _legFailure = false;
        foreach (MirrorLeg leg in _legs)
        {
            leg.ErrorCount = 0;
            leg.Errors = MirrorErrorKinds.None;
        }
    }

    /// <summary>A state presuspend waits for (recovery stopped, the worker idle), re-checked whenever either may have changed.</summary>
    private sealed class MirrorWait(Func<bool> isSatisfied, string description) : IoWaitCondition
    {
        public override bool IsSatisfied => isSatisfied();

        public override string Description => description;

        public void Changed() => Signal();
    }
}
