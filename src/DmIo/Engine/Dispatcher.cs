using System.Runtime.ExceptionServices;

namespace DmIo;

/// <summary>
/// Turns a request into bios (<c>dispatch_io</c> and <c>do_region</c>, Linux 6.12). It sees memory only through a
/// <see cref="MemoryCursor"/> and devices only through <see cref="IBlockDevice"/> and <see cref="BlockLayer"/>.
/// </summary>
internal static class Dispatcher
{
    /// <summary>
    /// Issues every region of the request, then drops the dispatcher's own reference on <paramref name="io"/>.
    /// Returns the first exception a device threw while taking a bio (that bio counted as failed), or null.
    /// </summary>
    public static ExceptionDispatchInfo? DispatchIo(BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> where,
        MemoryCursor? cursor, IoObject io, bool sync, ushort priority)
    {
        if (sync)
        {
            flags |= BioFlags.Sync;
        }

        ExceptionDispatchInfo? fault = null;
        for (int region = 0; region < where.Length; region++)
        {
            // Every region of a multi-region write sends the same bytes: start the memory over each time.
            cursor?.Rewind();
            if (where[region].Count != 0 || (flags & BioFlags.Preflush) != 0)
            {
                DoRegion(operation, flags, region, where[region], cursor, io, priority, ref fault);
            }
        }

        // The io started with one extra reference so that bios completing while we were still issuing
        // could not finish it early. Drop it now: if every bio is already done, this completes the request.
        if (fault is null)
        {
            io.DecCount(0, BlkStatus.Ok);
            return null;
        }

        try
        {
            io.DecCount(0, BlkStatus.Ok);
        }
        catch (Exception)
        {
            // A callback broken by the same fault may throw again; the submitter gets the first exception.
        }

        return fault;
    }

    private static void DoRegion(BioOperation operation, BioFlags flags, int region, in IoRegion where,
        MemoryCursor? cursor, IoObject io, ushort priority, ref ExceptionDispatchInfo? fault)
    {
        IBlockDevice device = where.Device;
        DmIoClient client = io.Client;
        bool dataless = operation.IsDataless();

        // Discard and write-zeroes read their one limit once per region; a device without it gets no bio at all.
        long specialMaxSectors = operation switch
        {
            BioOperation.Discard => device.Limits.MaxDiscardSectors,
            BioOperation.WriteZeroes => device.Limits.MaxWriteZeroesSectors,
            _ => 0,
        };
        if (dataless && specialMaxSectors == 0)
        {
            // Take a reference and drop it with the error, so the count stays balanced.
            io.AddBio();
            io.DecCount(region, BlkStatus.NotSupported);
            return;
        }

        long remaining = where.Count;
        // where.Count may be 0 when the request carries PREFLUSH: then exactly one empty flush bio goes out.
        do
        {
            // bio_max_segs(ceil(remaining / 8) + 1): one more than the pages left, for a buffer that starts mid-page.
            int wanted = dataless ? 0 : (int)Math.Min(DmIoConstants.BioMaxVecs, ((remaining + DmIoConstants.SectorsPerPage - 1) / DmIoConstants.SectorsPerPage) + 1);
            Bio bio = client.Bios.Rent();
            bio.Init(operation, flags, where.Sector + (where.Count - remaining), io, BioPool.CapacityFor(wanted));
            bio.Id = client.NextBioId();
            bio.Priority = priority;
            bio.Private = io;
            bio.SetPrivateIndex(io, region);

            if (dataless)
            {
                long sectors = Math.Min(specialMaxSectors, remaining);
                bio.SetDatalessSize(sectors << DmIoConstants.SectorShift);
                remaining -= sectors;
            }
            else
            {
                // bio_add_page until the bio is full (or would pass 4 GiB); no queue limit is consulted.
                while (remaining != 0)
                {
                    Memory<byte> page = cursor!.GetPage(out BioSegmentPlace place);
                    long remainingBytes = remaining << DmIoConstants.SectorShift;
                    if (page.Length > remainingBytes)
                    {
                        page = page[..(int)remainingBytes];
                    }

                    if (bio.AddPage(page, place) == 0)
                    {
                        break;
                    }

                    remaining -= page.Length >> DmIoConstants.SectorShift;
                    cursor.NextPage();
                }
            }

            io.AddBio();
            Submit(device, bio, ref fault);
        }
        while (remaining != 0);
    }

    /// <summary>
    /// Submits one bio. A device that throws instead of completing breaks the completion rule; the bio is failed
    /// here (if the device did not complete it first) so the request still completes once and every pooled
    /// object comes back, and the first such exception is kept for the submitter.
    /// </summary>
    private static void Submit(IBlockDevice device, Bio bio, ref ExceptionDispatchInfo? fault)
    {
        try
        {
            BlockLayer.Submit(device, bio);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            fault ??= ExceptionDispatchInfo.Capture(e);
            if (!bio.IsCompleted)
            {
                try
                {
                    bio.Complete(BlkStatus.IoError);
                }
                catch (Exception) when (fault is not null)
                {
                    // Whatever broke the device may break its completion too; the caller gets the first exception.
                }
            }
        }
    }
}
