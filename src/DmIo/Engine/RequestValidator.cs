namespace DmIo;

/// <summary>
/// Checks a request completely before anything happens, so bad input throws and changes nothing:
/// no io object is taken, no bio is issued, no device is touched.
/// </summary>
internal static class RequestValidator
{
    public static void Validate(BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> regions, in DmIoMemory memory, string memoryParamName)
    {
        if (!operation.IsDefined())
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation.");
        }

        const BioFlags known = BioFlags.Sync | BioFlags.Meta | BioFlags.Preflush | BioFlags.Fua;
        if ((flags & ~known) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "Unknown flags.");
        }

        if (regions.Length > DmIoConstants.MaxRegions)
        {
            throw new ArgumentException(
                $"A request may name at most {DmIoConstants.MaxRegions} regions (one error bit each), not {regions.Length}.", nameof(regions));
        }

        long maxCount = 0;
        for (int i = 0; i < regions.Length; i++)
        {
            IoRegion r = regions[i];
            if (r.Device is null)
            {
                throw new ArgumentNullException(nameof(regions), $"Region {i} names no device.");
            }

            if (r.Sector < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), r.Sector, $"Region {i} starts at a negative sector.");
            }

            if (r.Count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), r.Count, $"Region {i} has a negative sector count.");
            }

            if (r.Count > (long.MaxValue >> DmIoConstants.SectorShift) - r.Sector)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), r.Count,
                    $"Region {i} ends past the largest addressable sector (sector {r.Sector} + count {r.Count} overflows).");
            }

            maxCount = Math.Max(maxCount, r.Count);
        }

        if (!operation.IsDataless())
        {
            if (maxCount > int.MaxValue >> DmIoConstants.SectorShift)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), maxCount,
                    $"A data region may move at most {int.MaxValue >> DmIoConstants.SectorShift} sectors (2 GiB) of memory.");
            }

            long needed = maxCount << DmIoConstants.SectorShift;
            memory.Validate(needed, memoryParamName);
        }
        else if (memory.Kind != DmIoMemoryKind.None)
        {
            memory.Validate(0, memoryParamName);
        }
    }
}
