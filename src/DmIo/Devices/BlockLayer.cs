namespace DmIo;

/// <summary>
/// The kernel's block layer between a bio's submitter and its device (Linux 6.12 <c>submit_bio_noacct</c>, and for
/// a request-based device <c>blk_mq_submit_bio</c> with <c>bio_split_to_limits</c>). Everything that issues bios —
/// the engine and stacked devices alike — submits through here.
/// </summary>
public static class BlockLayer
{
    private static readonly IBioEndIo Unchained = new BioEndIoAction(static _ => { }); // replaced by Bio.Chain at once

    /// <summary>
    /// Submits <paramref name="bio"/> to <paramref name="device"/>, or completes it at once when the block layer
    /// would: past the end of the device or misaligned to its logical block size (I/O error); discard or
    /// write-zeroes the device does not support, or PREFLUSH/FUA on anything but a write (not supported); a
    /// PREFLUSH/FUA on a device without a volatile cache has the flags cleared and, if empty, completes OK.
    /// A bio-based device then gets the bio as it is. A request-based device gets it split against its limits:
    /// each front piece is a new bio chained to the original, the original is advanced past it and carries on as the
    /// last piece, and completing a piece empties its iterator (<c>blk_update_request</c>), so a failed read through
    /// such a device is never zero-filled by dm-io.
    /// </summary>
    /// <param name="device">The device to submit to.</param>
    /// <param name="bio">An initialised bio.</param>
    public static void Submit(IBlockDevice device, Bio bio)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(bio);
        bio.Device = device;
        QueueLimits limits = device.Limits;
        long sectors = bio.SectorCount;

        if (sectors > 0 && (bio.Sector < 0 || bio.Sector > device.CapacitySectors - sectors))
        {
            bio.Complete(BlkStatus.IoError); // bio_check_eod
            return;
        }

        if ((bio.Flags & (BioFlags.Preflush | BioFlags.Fua)) != 0 && bio.Operation != BioOperation.Write)
        {
            bio.Complete(BlkStatus.NotSupported);
            return;
        }

        if ((bio.Flags & (BioFlags.Preflush | BioFlags.Fua)) != 0 && !limits.VolatileWriteCache)
        {
            // Nothing to flush on a write-through device: the flags go, and an empty flush is done already.
            bio.Flags &= ~(BioFlags.Preflush | BioFlags.Fua);
            if (bio.Size == 0)
            {
                bio.Complete(BlkStatus.Ok);
                return;
            }
        }

        if ((bio.Operation == BioOperation.Discard && limits.MaxDiscardSectors == 0) ||
            (bio.Operation == BioOperation.WriteZeroes && limits.MaxWriteZeroesSectors == 0))
        {
            bio.Complete(BlkStatus.NotSupported);
            return;
        }

        long blockMask = limits.LogicalBlockSize - 1;
        if (((bio.Sector << DmIoConstants.SectorShift) & blockMask) != 0 || (bio.Size & blockMask) != 0)
        {
            bio.Complete(BlkStatus.IoError); // bio_unaligned
            return;
        }

        if (device.QueueKind == BlockQueueKind.RequestBased)
        {
            SubmitAsRequests(device, bio, limits);
            return;
        }

        device.Submit(bio);
    }

    /// <summary>
    /// <c>bio_split_to_limits</c> and <c>bio_submit_split</c>, repeated until the rest fits: split off the front,
    /// chain it to the original, advance the original past it; pieces go to the device front to back.
    /// </summary>
    private static void SubmitAsRequests(IBlockDevice device, Bio bio, QueueLimits limits)
    {
        while (true)
        {
            long splitSectors = BioSplitter.SplitSectors(bio, limits);
            if (splitSectors == 0 || splitSectors >= bio.SectorCount)
            {
                bio.MarkRequestCompletion();
                device.Submit(bio);
                return;
            }

            long splitBytes = splitSectors << DmIoConstants.SectorShift;
            var piece = new Bio();
            piece.Init(bio.Operation, bio.Flags, bio.Sector, Unchained, vecCapacity: 0);
            piece.CloneRangeOf(bio, 0, splitBytes);
            piece.Id = bio.Id;
            piece.Priority = bio.Priority;
            piece.Private = bio.Private;
            piece.SetPrivateIndex(Unchained, bio.PrivateIndex);
            piece.Device = device;
            bio.Chain(piece);
            bio.Advance(splitBytes);
            piece.MarkRequestCompletion();
            try
            {
                device.Submit(piece);
            }
            catch (Exception) when (!piece.IsCompleted)
            {
                // The piece is the block layer's own: nobody above can complete it, and the original waits for it.
                // Fail it (into the original) before the exception goes up, so the original can still complete.
                piece.Complete(BlkStatus.IoError);
                throw;
            }
        }
    }
}
