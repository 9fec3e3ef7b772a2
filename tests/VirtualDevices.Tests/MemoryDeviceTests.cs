namespace DmIo.VirtualDevices.Tests;

/// <summary>The dense memory device's chunks: allocated on first write, given back by whole-chunk discards, invisible in the data.</summary>
public sealed class MemoryDeviceTests
{
    private const int Chunk = MemoryDevice.ChunkSize;
    private static readonly long LargestSectors = (long)Array.MaxLength >> DmIoConstants.SectorShift; // the dense limit, just under 2 GiB

    [Fact]
    public void LargestDevice_WithOneSectorWritten_AllocatesOneChunkNotItsCapacity()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var device = new MemoryDevice("big", LargestSectors);
        device.WriteDirect(LargestSectors / 2, new byte[512]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, device.AllocatedChunks);
        Assert.True(allocated < 4 * Chunk, $"a {LargestSectors << 9}-byte device with one sector written allocated {allocated} bytes");
    }

    [Fact]
    public void Bio_WhoseSegmentsCrossChunkBoundaries_LandsExactlyWhereWritten()
    {
        var device = new MemoryDevice("mem", 4L * Chunk >> DmIoConstants.SectorShift);
        long sector = (Chunk - (3 * 512)) >> DmIoConstants.SectorShift;    // three sectors before the first boundary
        int[] segments = [512, 1536, 4096, 3 * 512, Chunk - 4096, 512, 7 * 512]; // one segment straddles the second boundary
        byte[] data = new byte[segments.Sum()];
        new Random(5).NextBytes(data);

        Assert.Equal(BlkStatus.Ok, Submit(device, BioOperation.Write, sector, data, segments));

        byte[] whole = new byte[4 * Chunk];
        device.ReadDirect(0, whole);
        byte[] expected = new byte[whole.Length];
        data.CopyTo(expected, sector << DmIoConstants.SectorShift);
        int at = expected.AsSpan().CommonPrefixLength(whole);
        Assert.True(at == whole.Length, $"mismatch at byte {at}: expected 0x{expected[Math.Min(at, whole.Length - 1)]:x2}, got 0x{whole[Math.Min(at, whole.Length - 1)]:x2}");
        Assert.Equal(3, device.AllocatedChunks);

        byte[] back = new byte[data.Length];
        Assert.Equal(BlkStatus.Ok, Submit(device, BioOperation.Read, sector, back, [4096, 512, back.Length - 4608]));
        Assert.Equal(data, back);
    }

    [Fact]
    public void DiscardOfWholeChunks_GivesThemBack_AndPartialChunksAreZeroedButKept()
    {
        var device = new MemoryDevice("mem", 4L * Chunk >> DmIoConstants.SectorShift);
        byte[] data = new byte[4 * Chunk];
        data.AsSpan().Fill(0xAB);
        device.WriteDirect(0, data);
        Assert.Equal(4, device.AllocatedChunks);

        long first = (Chunk / 2) >> DmIoConstants.SectorShift; // the back half of chunk 0, chunks 1 and 2, the front half of chunk 3
        Assert.Equal(BlkStatus.Ok, Submit(device, BioOperation.Discard, first, null, [3 * Chunk]));

        Assert.Equal(2, device.AllocatedChunks);
        byte[] back = new byte[data.Length];
        device.ReadDirect(0, back);
        data.AsSpan(Chunk / 2, 3 * Chunk).Clear();
        Assert.Equal(data, back);
    }

    [Fact]
    public void Dispose_GivesTheChunksBack_AndLaterBiosFailAsOnARemovedDisk()
    {
        var device = new MemoryDevice("mem", 4L * Chunk >> DmIoConstants.SectorShift);
        device.WriteDirect(0, new byte[3 * Chunk]);
        Assert.Equal(3, device.AllocatedChunks);

        device.Dispose();

        Assert.Equal(0, device.AllocatedChunks);
        Assert.Equal(BlkStatus.IoError, Submit(device, BioOperation.Write, 0, new byte[4096], [4096]));
        Assert.Equal(BlkStatus.IoError, Submit(device, BioOperation.Read, 0, new byte[4096], [4096]));
        Assert.Throws<ObjectDisposedException>(() => device.ReadDirect(0, new byte[512]));
    }

    [Fact]
    public void ChunksGivenBack_ReadAsZerosInTheNextDevice()
    {
        // Chunks are reused most recently returned first, so each new device is likely to take the one just given back
        // (tests running in parallel may take it first; then the check is merely not exercised, never falsely failed).
        for (int round = 0; round < 20; round++)
        {
            var used = new MemoryDevice("used", 2L * Chunk >> DmIoConstants.SectorShift);
            byte[] dirt = new byte[3000];
            dirt.AsSpan().Fill(0xFF);
            used.WriteDirect(2, dirt);                                              // near the start of chunk 0
            used.WriteDirect((Chunk - 3584) >> DmIoConstants.SectorShift, dirt);    // across the end of chunk 0
            Assert.Equal(BlkStatus.Ok, Submit(used, BioOperation.Discard, 16, null, [512])); // a hole in the middle
            used.Dispose();

            var fresh = new MemoryDevice("fresh", 2L * Chunk >> DmIoConstants.SectorShift);
            fresh.WriteDirect(64, [0x5A, 0, 0, 0, 0, 0, 0, 0, .. new byte[504]]);    // takes a chunk
            byte[] whole = new byte[2 * Chunk];
            fresh.ReadDirect(0, whole);
            whole[64 << DmIoConstants.SectorShift] ^= 0x5A;
            int at = whole.AsSpan().IndexOfAnyExcept((byte)0);
            Assert.True(at < 0, $"round {round}: a new device reads 0x{(at < 0 ? 0 : whole[at]):x2} at byte {at}, left by the device before");
            fresh.Dispose();
        }
    }

    [Fact]
    public void ChunkTableLeavesGivenBack_HoldNoChunkInTheNextDevice()
    {
        // A device of 64 MiB has whole leaves (512 chunks each), which a released device hands to the next one on
        // this thread; a leaf handed over with its chunk references would show the old device's data, or lend it
        // a chunk another device owns.
        const long Sectors = 64L << 20 >> DmIoConstants.SectorShift;
        byte[] dirt = new byte[4096];
        dirt.AsSpan().Fill(0xEE);
        for (int round = 0; round < 4; round++)
        {
            var used = new MemoryDevice("used", Sectors);
            used.WriteDirect(8 + round, dirt);                     // chunk 0, leaf 0
            used.WriteDirect((40L << 20 >> DmIoConstants.SectorShift) + round, dirt); // a chunk of leaf 1
            used.Dispose();

            var fresh = new MemoryDevice("fresh", Sectors);
            fresh.WriteDirect((10L << 20 >> DmIoConstants.SectorShift), new byte[512]); // takes leaf 0 back, another chunk of it
            byte[] back = new byte[4096];
            fresh.ReadDirect(8 + round, back);
            Assert.True(back.AsSpan().IndexOfAnyExcept((byte)0) < 0, $"round {round}: a new device reads the old device's bytes in chunk 0");
            Assert.Equal(1, fresh.AllocatedChunks);
            fresh.Dispose();
        }
    }

    private static BlkStatus? Submit(MemoryDevice device, BioOperation operation, long sector, byte[]? buffer, int[] segments)
    {
        BlkStatus? status = null; // inline completion sets it before Submit returns
        var bio = new Bio();
        bio.Init(operation, BioFlags.None, sector, new BioEndIoAction(b => status = b.Status));
        if (buffer is null)
        {
            bio.SetDatalessSize(segments[0]);
        }
        else
        {
            int offset = 0;
            foreach (int length in segments)
            {
                Assert.True(bio.TryAddSegment(buffer.AsMemory(offset, length)), $"segment at {offset} refused");
                offset += length;
            }
        }

        BlockLayer.Submit(device, bio);
        return status;
    }
}
