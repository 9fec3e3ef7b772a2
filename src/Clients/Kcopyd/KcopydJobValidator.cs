namespace DmIo.Clients.Kcopyd;

/// <summary>
/// Checks a copy or zero job completely before anything is queued, so bad input throws one clear message and changes
/// nothing. The kernel trusts its callers here; what it would misbehave on (no destination, more than
/// <see cref="KcopydConstants.MaxRegions"/>, regions of different sizes) is refused.
/// </summary>
internal static class KcopydJobValidator
{
    private const KcopydFlags KnownFlags = KcopydFlags.IgnoreError | KcopydFlags.WriteSequential;

    /// <summary>Throws when the job is malformed; <paramref name="source"/> is null for a zero job.</summary>
    public static void Validate(IoRegion? source, ReadOnlySpan<IoRegion> destinations, KcopydFlags flags, KcopydNotify notify)
    {
        ArgumentNullException.ThrowIfNull(notify);
        if ((flags & ~KnownFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "Unknown kcopyd flags: only IgnoreError and WriteSequential exist.");
        }

        if (destinations.Length == 0)
        {
            throw new ArgumentException("A kcopyd job needs at least one destination region.", nameof(destinations));
        }

        if (destinations.Length > KcopydConstants.MaxRegions)
        {
            throw new ArgumentException(
                $"A kcopyd job may name at most {KcopydConstants.MaxRegions} destination regions (DM_KCOPYD_MAX_REGIONS), not {destinations.Length}.",
                nameof(destinations));
        }

        if (source is IoRegion from)
        {
            ValidateRegion(from, "The source region", "from");
        }

        long count = source?.Count ?? destinations[0].Count;
        string sizeOf = source is null ? "destination 0" : "the source";
        for (int i = 0; i < destinations.Length; i++)
        {
            ValidateRegion(destinations[i], $"Destination {i}", nameof(destinations));
            if (destinations[i].Count != count)
            {
                throw new ArgumentException(
                    $"Destination {i} has {destinations[i].Count} sectors but {sizeOf} has {count}: kcopyd moves regions of one size.",
                    nameof(destinations));
            }
        }
    }

    private static void ValidateRegion(IoRegion region, string what, string paramName)
    {
        if (region.Device is null)
        {
            throw new ArgumentNullException(paramName, $"{what} names no device.");
        }

        if (region.Sector < 0 || region.Count < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, region, $"{what} has a negative sector ({region.Sector}) or count ({region.Count}).");
        }

        if (region.Count > (long.MaxValue >> DmIoConstants.SectorShift) - region.Sector)
        {
            throw new ArgumentOutOfRangeException(paramName, region, $"{what} ends past the largest addressable sector ({region.Sector} + {region.Count}).");
        }
    }
}
