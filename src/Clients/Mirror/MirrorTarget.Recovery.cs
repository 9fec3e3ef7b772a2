using DmIo.Clients.Kcopyd;
using DmIo.Clients.Regions;

namespace DmIo.Clients.Mirror;

/// <summary>Resynchronisation: regions the log does not know to be in sync are copied from the default leg by kcopyd.</summary>
public sealed partial class MirrorTarget
{
    // do_recovery: quiesce what the log offers, copy what is quiesced, and note when the whole mirror is in sync
    // (which forgives every leg's past failures).
    private void DoRecovery()
    {
        _rh.RecoveryPrepare();
        while (_rh.RecoveryStart() is { } region)
        {
            Recover(region);
        }

        bool completed = false;
        lock (_lock)
        {
            if (!_inSync && _log.SyncCount == RegionCount)
            {
                _inSync = true;
                ResetLegFailures();
                completed = true;
            }
        }

        if (completed)
        {
            TriggerEvent();
        }
    }

    // recover: one kcopyd copy from the default leg to every other; the last region may be short. Without
    // handle_errors kcopyd goes on past errors, which are still reported.
    private void Recover(Region region)
    {
        MirrorLeg source = DefaultLeg;
        long start = _rh.RegionToSector(region.Key);
        long count = region.Key == RegionCount - 1 && CapacitySectors % RegionSize != 0 ? CapacitySectors % RegionSize : RegionSize;
        IoRegion[] destinations = [.. _legs.Where(l => l != source).Select(l => new IoRegion(l.Device, l.Offset + start, count))];
        KcopydFlags flags = ErrorsHandled ? KcopydFlags.None : KcopydFlags.IgnoreError;
        _kcopyd.Copy(new IoRegion(source.Device, source.Offset + start, count), destinations, flags, RecoveryComplete, new RecoveryJob(region, source));
    }

    // recovery_complete: a read error fails the default leg, each write error bit the matching other leg (bits count
    // the legs other than the default one, in order). The default leg cannot change while a region is copied.
    private void RecoveryComplete(bool readError, ulong writeErrors, object? context)
    {
        var job = (RecoveryJob)context!;
        if (readError)
        {
            KernelMessage("Unable to read primary mirror during recovery");
            FailMirror(job.Source, MirrorErrorKinds.Sync);
        }

        if (writeErrors != 0)
        {
            KernelMessage($"Write error during recovery (error = 0x{writeErrors:x})");
            int bit = 0;
            foreach (MirrorLeg leg in _legs)
            {
                if (leg == job.Source)
                {
                    continue;
                }

                if ((writeErrors & (1UL << bit)) != 0)
                {
                    FailMirror(leg, MirrorErrorKinds.Sync);
                }

                bit++;
            }
        }

        _rh.RecoveryEnd(job.Region, !(readError || writeErrors != 0));
    }

    /// <summary>One region being copied and the leg it is copied from.</summary>
    private sealed record RecoveryJob(Region Region, MirrorLeg Source);
}
