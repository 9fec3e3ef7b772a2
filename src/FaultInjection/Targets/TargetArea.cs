namespace DmIo.FaultInjection;

/// <summary>Constructor checks shared by the stacked targets: a target's area must fit on the device beneath it.</summary>
internal static class TargetArea
{
    /// <summary>Throws unless <paramref name="lower"/> has room for <paramref name="lengthSectors"/> from <paramref name="offsetSectors"/>.</summary>
    /// <param name="lower">The device beneath.</param>
    /// <param name="offsetSectors">First sector used on it.</param>
    /// <param name="lengthSectors">The target's length.</param>
    /// <param name="lowerParam">Parameter name of the device.</param>
    /// <param name="offsetParam">Parameter name of the offset.</param>
    public static void Check(IBlockDevice lower, long offsetSectors, long lengthSectors, string lowerParam, string offsetParam)
    {
        ArgumentNullException.ThrowIfNull(lower, lowerParam);
        ArgumentOutOfRangeException.ThrowIfNegative(offsetSectors, offsetParam);
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthSectors, 1, nameof(lengthSectors));
        if (offsetSectors > lower.CapacitySectors - lengthSectors)
        {
            throw new ArgumentOutOfRangeException(offsetParam, offsetSectors,
                $"{lower.Name} ({lower.CapacitySectors} sectors) is too small for {lengthSectors} sectors from sector {offsetSectors}.");
        }
    }
}
