namespace DmIo.VirtualDevices;

/// <summary>Sector and block arithmetic shared by the backends, so each check is written once.</summary>
internal static class SectorMath
{
    /// <summary>Sectors in one logical block of <paramref name="logicalBlockSize"/> bytes.</summary>
    public static long BlockSectors(int logicalBlockSize) => logicalBlockSize >> DmIoConstants.SectorShift;

    /// <summary>True when <paramref name="sectors"/> is a whole number of logical blocks.</summary>
    public static bool IsWholeBlocks(long sectors, int logicalBlockSize) => sectors % BlockSectors(logicalBlockSize) == 0;

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="paramName"/> unless <paramref name="sectors"/> is whole blocks.</summary>
    public static void ThrowIfNotWholeBlocks(long sectors, int logicalBlockSize, string paramName)
    {
        if (!IsWholeBlocks(sectors, logicalBlockSize))
        {
            throw new ArgumentException($"{sectors} sectors is not a whole number of logical blocks ({logicalBlockSize} bytes).", paramName);
        }
    }

    /// <summary>Throws unless the byte range [<paramref name="offset"/>, +<paramref name="length"/>) lies inside a device of <paramref name="capacityBytes"/>.</summary>
    public static void ThrowIfOutsideDevice(long offset, long length, long capacityBytes, string paramName)
    {
        if (offset < 0 || length < 0 || offset > capacityBytes - length)
        {
            throw new ArgumentOutOfRangeException(paramName, offset, $"Bytes {offset}..{offset + length} fall outside the device (0..{capacityBytes}).");
        }
    }
}
