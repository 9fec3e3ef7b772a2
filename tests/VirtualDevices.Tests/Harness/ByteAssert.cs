namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>Byte comparisons whose failures name the device kind and the first byte that differs.</summary>
public static class ByteAssert
{
    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <param name="kind">The device kind, for the message.</param>
    /// <param name="context">What was being checked (for example "write 3 blocks at sector 17").</param>
    /// <param name="firstSector">The device sector the compared bytes start at, to report a device byte offset.</param>
    /// <param name="expected">The expected bytes.</param>
    /// <param name="actual">The bytes read.</param>
    public static void Equal(DeviceKind kind, string context, long firstSector, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.True(expected.Length == actual.Length, $"{kind}: {context}: length {actual.Length}, expected {expected.Length}.");
        int index = expected.CommonPrefixLength(actual);
        if (index < expected.Length)
        {
            long deviceByte = (firstSector << DmIoConstants.SectorShift) + index;
            Assert.Fail($"{kind}: {context}: mismatch at byte {index} (device byte {deviceByte}, sector {deviceByte >> DmIoConstants.SectorShift}): " +
                $"expected 0x{expected[index]:X2}, actual 0x{actual[index]:X2}.");
        }
    }

    /// <summary>Fails unless every byte of <paramref name="actual"/> is zero.</summary>
    /// <param name="kind">The device kind, for the message.</param>
    /// <param name="context">What was being checked.</param>
    /// <param name="firstSector">The device sector the bytes start at.</param>
    /// <param name="actual">The bytes read.</param>
    public static void Zero(DeviceKind kind, string context, long firstSector, ReadOnlySpan<byte> actual) =>
        Equal(kind, context, firstSector, new byte[actual.Length], actual);
}
