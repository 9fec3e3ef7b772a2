namespace DmIo;

/// <summary>
/// The generic checks the kernel's block layer (<c>submit_bio_noacct</c>) makes before a driver sees a bio.
/// Everything that issues bios — the engine and stacked devices alike — submits through here.
/// </summary>
public static class BlockLayer
{
    /// <summary>
    /// Submits <paramref name="bio"/> to <paramref name="device"/>, or completes it at once when the block layer
    /// would: past the end of the device or misaligned to its logical block size (I/O error); discard or
    /// write-zeroes the device does not support, or PREFLUSH/FUA on anything but a write (not supported); a
    /// PREFLUSH/FUA on a device without a volatile cache has the flags cleared and, if empty, completes OK.
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
            bio.Complete(BlkStatus.IoError);
            return;
        }

        if ((bio.Flags & (BioFlags.Preflush | BioFlags.Fua)) != 0 && bio.Operation != BioOperation.Write)
        {
            bio.Complete(BlkStatus.NotSupported);
            return;
        }

        if ((bio.Operation == BioOperation.Discard && limits.MaxDiscardSectors == 0) ||
            (bio.Operation == BioOperation.WriteZeroes && limits.MaxWriteZeroesSectors == 0))
        {
            bio.Complete(BlkStatus.NotSupported);
            return;
        }

        if ((bio.Flags & (BioFlags.Preflush | BioFlags.Fua)) != 0 && !limits.VolatileWriteCache)
        {
            bio.Flags &= ~(BioFlags.Preflush | BioFlags.Fua);
            if (bio.Size == 0)
            {
                bio.Complete(BlkStatus.Ok);
                return;
            }
        }

        long blockMask = limits.LogicalBlockSize - 1;
        if (((bio.Sector << DmIoConstants.SectorShift) & blockMask) != 0 || (bio.Size & blockMask) != 0)
        {
            bio.Complete(BlkStatus.IoError);
            return;
        }

        device.Submit(bio);
    }
}
