using DmIo.Clients.Regions;

namespace DmIo.Clients.Mirror;

/// <summary>Reads: from the worker's queue through dm-io, and the retry of a failed read on another leg.</summary>
public sealed partial class MirrorTarget
{
    // do_reads: a read balances only within a region known to be in sync; elsewhere only the default leg will do.
    private void DoReads(List<MirrorBio> reads)
    {
        foreach (MirrorBio record in reads)
        {
            long region = _rh.BioToRegion(record.Bio);
            MirrorLeg? leg;
            if (RegionInSync(region))
            {
                leg = ChooseMirror();
            }
            else
            {
                leg = DefaultLeg;
                if (leg.ErrorCount != 0)
                {
                    leg = null;
                }
            }

            if (leg is null)
            {
                EndRead(record, BlkStatus.IoError);
            }
            else
            {
                ReadAsync(record, leg);
            }
        }
    }

    /// <summary>Whether the region hash counts a region as in sync: clean or dirty (<c>region_in_sync</c>).</summary>
    private bool RegionInSync(long region) => _rh.GetState(region) is RegionState.Clean or RegionState.Dirty;

    // read_async_bio: one dm-io read from the leg into the bio's own pages.
    private void ReadAsync(MirrorBio record, MirrorLeg leg)
    {
        record.Leg = leg;
        Bio bio = record.Bio;
        var request = new DmIoRequest
        {
            Operation = BioOperation.Read,
            Memory = DmIoMemory.FromBio(bio),
            Notify = ReadCallback,
            Context = record,
            Client = _io,
        };
        DmIoEngine.Execute(request, [new IoRegion(leg.Device, leg.Offset + bio.Sector, bio.SectorCount)]);
    }

    // read_callback: a failed read marks its leg and goes round again while another leg may serve it.
    private void ReadCallback(ulong errorBits, object? context)
    {
        var record = (MirrorBio)context!;
        MirrorLeg leg = record.Leg!;
        if (errorBits == 0)
        {
            EndRead(record, BlkStatus.Ok);
            return;
        }

        FailMirror(leg, MirrorErrorKinds.Read);
        if (DefaultOk() || MirrorAvailable(record.Bio))
        {
            KernelMessage($"Read failure on mirror device {leg.Device.Name}. Trying alternative device.");
            QueueBio(record, write: false);
            return;
        }

        KernelMessage($"Read failure on mirror device {leg.Device.Name}.  Failing I/O.");
        EndRead(record, BlkStatus.IoError);
    }

    /// <summary>
    /// A read is done (<c>mirror_end_io</c> for a read, then the bio's completion). A read sent straight to a leg that
    /// failed is retried through the worker while another leg may serve it; any other failure completes with it.
    /// </summary>
    private void EndRead(MirrorBio record, BlkStatus status)
    {
        if (status is BlkStatus.Ok or BlkStatus.NotSupported)
        {
            Finish(record, status);
            return;
        }

        if (!record.Retriable)
        {
            KernelMessage("Mirror read failed.");
            Finish(record, status);
            return;
        }

        MirrorLeg leg = record.Leg!;
        KernelMessage($"Mirror read failed from {leg.Device.Name}. Trying alternative device.");
        FailMirror(leg, MirrorErrorKinds.Read);
        if (DefaultOk() || MirrorAvailable(record.Bio))
        {
            record.Retriable = false; // dm_bio_restore, then the details are dropped: the retry is not retried directly again
            QueueBio(record, write: false);
            return;
        }

        KernelMessage("All replicated volumes dead, failing I/O");
        record.Retriable = false;
        Finish(record, status);
    }
}
