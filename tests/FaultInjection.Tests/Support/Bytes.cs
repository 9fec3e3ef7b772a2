namespace DmIo.FaultInjection.Tests.Support;

/// <summary>Test data and comparisons that name the first differing byte.</summary>
internal static class Bytes
{
    /// <summary>A recognisable pattern: byte i is (i * 13 + seed) mod 251, so no two nearby bytes repeat.</summary>
    public static byte[] Pattern(int sectors, int seed = 1)
    {
        var data = new byte[sectors * DmIoConstants.SectorSize];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 13 + seed) % 251);
        }

        return data;
    }

    /// <summary>Fails naming the first differing offset, with expected and actual values.</summary>
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length differs: expected {expected.Length}, got {actual.Length}");
        int at = expected.CommonPrefixLength(actual);
        Assert.True(at == expected.Length, at == expected.Length ? string.Empty
            : $"{what}: mismatch at byte {at}: expected 0x{expected[at]:X2}, got 0x{actual[at]:X2}");
    }

    /// <summary>The offsets at which two equal-length buffers differ.</summary>
    public static List<int> Differences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var at = new List<int>();
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                at.Add(i);
            }
        }

        return at;
    }

    /// <summary>Reads <paramref name="sectors"/> sectors straight from a memory device.</summary>
    public static byte[] Direct(VirtualDevices.MemoryDevice device, long sector, int sectors)
    {
        var data = new byte[sectors * DmIoConstants.SectorSize];
        device.ReadDirect(sector, data);
        return data;
    }
}
