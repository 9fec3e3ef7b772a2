namespace DmIo.FaultInjection.Tests.Simulation;

/// <summary>Submits single bios straight to a device (below the engine) and reports how they completed.</summary>
internal static class Bios
{
    private static long _nextId = 1000;

    public static Submitted Write(IBlockDevice device, long sector, byte[] data, BioFlags flags = BioFlags.None) =>
        Submit(device, BioOperation.Write, flags, sector, data);

    public static Submitted Read(IBlockDevice device, long sector, int sectors) =>
        Submit(device, BioOperation.Read, BioFlags.None, sector, new byte[sectors * 512]);

    public static Submitted Flush(IBlockDevice device) =>
        Submit(device, BioOperation.Write, BioFlags.Preflush, 0, []);

    public static Submitted Discard(IBlockDevice device, long sector, int sectors)
    {
        var result = new Submitted(BioOperation.Discard, sector, []);
        var bio = new Bio();
        bio.Init(BioOperation.Discard, BioFlags.None, sector, new BioEndIoAction(b => result.Done(b.Status)));
        bio.Id = Interlocked.Increment(ref _nextId);
        bio.SetDatalessSize(sectors * 512L);
        BlockLayer.Submit(device, bio);
        return result;
    }

    public static Submitted Submit(IBlockDevice device, BioOperation op, BioFlags flags, long sector, byte[] buffer)
    {
        var result = new Submitted(op, sector, buffer);
        var bio = new Bio();
        bio.Init(op, flags, sector, new BioEndIoAction(b => result.Done(b.Status)));
        bio.Id = Interlocked.Increment(ref _nextId);
        for (int offset = 0; offset < buffer.Length; offset += 4096)
        {
            if (!bio.TryAddSegment(buffer.AsMemory(offset, Math.Min(4096, buffer.Length - offset))))
            {
                throw new InvalidOperationException("Test bio too large.");
            }
        }

        BlockLayer.Submit(device, bio);
        return result;
    }

    public static byte[] Pattern(int sectors, byte seed)
    {
        byte[] data = new byte[sectors * 512];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(seed + (i * 31) + (i >> 9));
        }

        return data;
    }

    public static byte[] ReadMedia(VirtualDevices.MemoryDevice device, long sector, int sectors)
    {
        byte[] data = new byte[sectors * 512];
        device.ReadDirect(sector, data);
        return data;
    }

    /// <summary>Fails with the first differing byte offset and both values.</summary>
    public static void AssertBytes(byte[] expected, byte[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"{what}: mismatch at byte {i} (sector +{i / 512}): expected 0x{expected[i]:X2}, got 0x{actual[i]:X2}");
            }
        }
    }
}

/// <summary>One bio submitted by <see cref="Bios"/>: its buffer and, once done, its status.</summary>
internal sealed class Submitted(BioOperation op, long sector, byte[] buffer)
{
    public BioOperation Operation { get; } = op;

    public long Sector { get; } = sector;

    public byte[] Buffer { get; } = buffer;

    public BlkStatus? Status { get; private set; }

    public int Completions { get; private set; }

    public void Done(BlkStatus status)
    {
        Status = status;
        Completions++;
    }
}
