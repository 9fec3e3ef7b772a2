namespace DmIo;

/// <summary>
/// Turns a request into bios (<c>dispatch_io</c> and <c>do_region</c>). It sees memory only through a
/// <see cref="MemoryCursor"/> and devices only through <see cref="IBlockDevice"/> and <see cref="BlockLayer"/>.
/// </summary>
internal static class Dispatcher
{
    /// <summary>Issues every region of the request, then drops the dispatcher's own reference on <paramref name="io"/>.</summary>
    public static void DispatchIo(BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> where,
        MemoryCursor? cursor, IoObject io, bool sync, ushort priority)
    {
        if (sync)
        {
            flags |= BioFlags.Sync;
        }

        for (int region = 0; region < where.Length; region++)
        {
            // Every region of a multi-region write sends the same bytes: start the memory over each time.
            cursor?.Rewind();
            if (where[region].Count != 0 || (flags & BioFlags.Preflush) != 0)
            {
                DoRegion(operation, flags, region, where[region], cursor, io, priority);
            }
        }

        // The io started with one extra reference so that bios completing while we were still issuing
        // could not finish it early. Drop it now: if every bio is already done, this completes the request.
        io.DecCount(0, BlkStatus.Ok);
    }

    private static void DoRegion(BioOperation operation, BioFlags flags, int region, in IoRegion where,
        MemoryCursor? cursor, IoObject io, ushort priority)
    {
        IBlockDevice device = where.Device;
        QueueLimits limits = device.Limits; // read once: the whole region is split against the same limits
        DmIoClient client = io.Client;
        bool dataless = operation.IsDataless();
        long specialMaxSectors = operation switch
        {
            BioOperation.Discard => limits.MaxDiscardSectors,
            BioOperation.WriteZeroes => limits.MaxWriteZeroesSectors,
            _ => 0,
        };

        if (dataless && specialMaxSectors == 0)
        {
            // Reject before any bio: take a reference and drop it with the error, so the count stays balanced.
            io.AddBio();
            io.DecCount(region, BlkStatus.NotSupported);
            return;
        }

        long remaining = where.Count;
        // where.Count may be 0 when the request carries PREFLUSH: then exactly one empty flush bio goes out.
        do
        {
            int vecs = dataless ? 0 : (int)Math.Min(DmIoConstants.BioMaxVecs, (remaining + DmIoConstants.SectorsPerPage - 1) / DmIoConstants.SectorsPerPage);
            Bio bio = client.Bios.Rent();
            bio.Init(operation, flags, where.Sector + (where.Count - remaining), io, vecs, limits);
            bio.Id = client.NextBioId();
            bio.Priority = priority;
            bio.Private = io;
            bio.PrivateIndex = region;

            if (dataless)
            {
                long sectors = Math.Min(specialMaxSectors, remaining);
                bio.SetDatalessSize(sectors << DmIoConstants.SectorShift);
                remaining -= sectors;
            }

            while (remaining != 0 && !dataless)
            {
                Memory<byte> page = cursor!.GetPage();
                long remainingBytes = remaining << DmIoConstants.SectorShift;
                if (page.Length > remainingBytes)
                {
                    page = page[..(int)remainingBytes];
                }

                if (!bio.TryAddSegment(page))
                {
                    if (bio.SegmentCount == 0)
                    {
                        throw new InvalidOperationException($"A {page.Length}-byte segment does not fit an empty bio on {device.Name}.");
                    }

                    break;
                }

                remaining -= page.Length >> DmIoConstants.SectorShift;
                cursor.NextPage();
            }

            io.AddBio();
            BlockLayer.Submit(device, bio);
        }
        while (remaining != 0);
    }
}
