using DmIo.Clients.Regions;

namespace DmIo.Clients.Mirror;

/// <summary>Writes: classified by region state, sent to every leg in one dm-io request, failures held or completed.</summary>
public sealed partial class MirrorTarget
{
    // do_writes: flushes and discards go to every leg at once; other writes by the state of their region: in sync
    // (clean or dirty) to every leg, recovering held by the region hash until the region is copied, out of sync to
    // the default leg only. The log is flushed once, after the regions were marked and before any write goes out.
    private void DoWrites(List<MirrorBio> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }

        List<MirrorBio> sync = [], nosync = [], recover = [];
        foreach (MirrorBio record in writes)
        {
            if (IsFlushOrDiscard(record.Bio))
            {
                sync.Add(record);
                continue;
            }

            switch (_rh.GetState(_rh.BioToRegion(record.Bio)))
            {
                case RegionState.Clean:
                case RegionState.Dirty:
                    sync.Add(record);
                    break;
                case RegionState.NoSync:
                    nosync.Add(record);
                    break;
                default:
                    recover.Add(record);
                    break;
            }
        }

        _rh.IncPending([.. sync.Select(r => r.Bio)]);
        _rh.IncPending([.. nosync.Select(r => r.Bio)]);

        // A flush that failed once keeps log_failure set even when a later one succeeds: only a reload clears it.
        bool logFailure;
        int flushed = _rh.Flush();
        lock (_lock)
        {
            _logFailure |= flushed != 0;
            logFailure = _logFailure;
        }

        if (logFailure && ErrorsHandled)
        {
            lock (_lock)
            {
                _failures.AddRange(sync);
            }

            WakeMirrord();
        }
        else
        {
            foreach (MirrorBio record in sync)
            {
                DoWrite(record);
            }
        }

        foreach (MirrorBio record in recover)
        {
            _rh.Delay(record.Bio);
        }

        foreach (MirrorBio record in nosync)
        {
            bool fail;
            lock (_lock)
            {
                fail = _legFailure && ErrorsHandled && !KeepLog;
                if (fail)
                {
                    _failures.Add(record);
                }
            }

            if (fail)
            {
                WakeMirrord();
            }
            else
            {
                SendToLeg(record, DefaultLeg);
            }
        }
    }

    private static bool IsFlushOrDiscard(Bio bio) => (bio.Flags & BioFlags.Preflush) != 0 || bio.Operation == BioOperation.Discard;

    // do_write: one dm-io request naming the same sectors on every leg; the error bits say which legs failed.
    private void DoWrite(MirrorBio record)
    {
        Bio bio = record.Bio;
        bool discard = bio.Operation == BioOperation.Discard;
        var request = new DmIoRequest
        {
            Operation = discard ? BioOperation.Discard : BioOperation.Write,
            Flags = bio.Flags & (BioFlags.Fua | BioFlags.Preflush),
            Memory = discard ? DmIoMemory.None : DmIoMemory.FromBio(bio),
            Notify = WriteCallback,
            Context = record,
            Client = _io,
        };
        var regions = new IoRegion[_legs.Length];
        for (int i = 0; i < _legs.Length; i++)
        {
            MirrorLeg leg = _legs[i];
            regions[i] = new IoRegion(leg.Device, bio.Size == 0 ? 0 : leg.Offset + bio.Sector, bio.SectorCount);
        }

        DmIoEngine.Execute(request, regions);
    }

    // write_callback: a failed discard is only reported; a failed write marks each leg whose bit is set and goes to
    // the worker, which decides between completing, failing and holding it.
    private void WriteCallback(ulong errorBits, object? context)
    {
        var record = (MirrorBio)context!;
        if (errorBits == 0)
        {
            EndWrite(record, BlkStatus.Ok);
            return;
        }

        if (record.Bio.Operation == BioOperation.Discard)
        {
            EndWrite(record, BlkStatus.NotSupported);
            return;
        }

        for (int i = 0; i < _legs.Length; i++)
        {
            if ((errorBits & (1UL << i)) != 0)
            {
                FailMirror(_legs[i], MirrorErrorKinds.Write);
            }
        }

        bool wake;
        lock (_lock)
        {
            wake = _failures.Count == 0;
            _failures.Add(record);
        }

        if (wake)
        {
            WakeMirrord();
        }
    }

    // do_failures: the region is out of sync now (unless the log failed); then fail the write when no leg is left
    // (or the log failed under keep_log), hold it with handle_errors, or report success: some leg has the data.
    private void DoFailures(List<MirrorBio> failures)
    {
        foreach (MirrorBio record in failures)
        {
            bool logFailure;
            lock (_lock)
            {
                logFailure = _logFailure;
                if (!logFailure)
                {
                    _inSync = false;
                }
            }

            if (!logFailure)
            {
                _rh.MarkNoSync(record.Bio);
            }

            bool noLegLeft;
            lock (_lock)
            {
                noLegLeft = ValidLeg() is null;
            }

            if (noLegLeft || (KeepLog && logFailure))
            {
                EndWrite(record, BlkStatus.IoError);
            }
            else if (ErrorsHandled && !KeepLog)
            {
                HoldBio(record);
            }
            else
            {
                EndWrite(record, BlkStatus.Ok);
            }
        }
    }

    // hold_bio: keep the write until a suspend; once suspending, complete it at once, for dm core to requeue on a
    // noflush suspend or with EIO otherwise.
    private void HoldBio(MirrorBio record)
    {
        BlkStatus status;
        lock (_lock)
        {
            if (!_suspending)
            {
                _holds.Add(record);
                return;
            }

            status = _noflushSuspending ? BlkStatus.DmRequeue : BlkStatus.IoError;
        }

        EndWrite(record, status);
    }

    /// <summary>A write is done (<c>mirror_end_io</c> for a write): its region's pending count drops, then it completes.</summary>
    private void EndWrite(MirrorBio record, BlkStatus status)
    {
        if (!IsFlushOrDiscard(record.Bio))
        {
            _rh.Dec(record.WriteRegion);
        }

        Finish(record, status);
    }

    /// <summary>
    /// Flushes every leg's cache, as the disk log asks before it writes its bits (<c>mirror_flush</c>): one synchronous
    /// dm-io PREFLUSH with an empty region per leg; each leg whose flush failed is marked with a flush error.
    /// </summary>
    /// <returns>0, or -EIO when some leg's flush failed.</returns>
    internal int FlushLegs()
    {
        var request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Flags = BioFlags.Preflush | BioFlags.Sync,
            Memory = DmIoMemory.None,
            Client = _io,
        };
        IoRegion[] regions = [.. _legs.Select(l => new IoRegion(l.Device, 0, 0))];
        ulong errorBits = ulong.MaxValue;
        DmIoEngine.Execute(request, regions, ref errorBits);
        if (errorBits == 0)
        {
            return 0;
        }

        for (int i = 0; i < _legs.Length; i++)
        {
            if ((errorBits & (1UL << i)) != 0)
            {
                FailMirror(_legs[i], MirrorErrorKinds.Flush);
            }
        }

        return -Errno.EIO;
    }
}
