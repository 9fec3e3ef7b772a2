using DmIo.VirtualDevices.Tests.Harness;
using Xunit.Abstractions;

namespace DmIo.VirtualDevices.Tests;

/// <summary>The sparse file device: disk footprint, holes, persistence across reopen, and disposal.</summary>
[Collection(FootprintCollection.Name)]
public sealed class SparseFileDeviceTests(ITestOutputHelper output) : IDisposable
{
    private const long OneTiBInSectors = 1L << 31;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Allocated bytes come from statx's stx_blocks (what du counts), not the file's apparent length.</summary>
    [LinuxFact]
    public void OneTebibyteImage_After10000Random4KWrites_UsesAtMost1Point1TimesTheWrittenBytesOnDisk()
    {
        string path = Path.Combine(_dir.Path, "tib.img");
        using SparseFileDevice device = SparseFileDevice.Create("tib", path, OneTiBInSectors);
        HashSet<long> written = RandomPageWrites.Run(device, 10_000, seed: 42);
        Assert.Equal(BlkStatus.Ok, Submit(device, BioOperation.Write, 0, [], BioFlags.Preflush)); // fsync: count blocks actually allocated, extent tree included

        long writtenBytes = (long)written.Count * DmIoConstants.PageSize;
        long allocated = device.GetAllocatedBytes();
        output.WriteLine($"1 TiB sparse file, 10000 random 4 KiB writes ({written.Count} distinct pages = {writtenBytes} bytes): " +
            $"apparent size {new FileInfo(path).Length} bytes, allocated {allocated} bytes = {(double)allocated / writtenBytes:F4}x written");

        Assert.Equal(OneTiBInSectors * 512, new FileInfo(path).Length);
        Assert.True(allocated >= writtenBytes, $"allocated {allocated} bytes, less than the {writtenBytes} written: the measure is wrong.");
        Assert.True(allocated <= writtenBytes * 11 / 10, $"allocated {allocated} bytes, more than 1.1 x {writtenBytes} written.");
    }

    [Fact]
    public void Reopening_TheSameFile_GivesTheSameContents()
    {
        string path = Path.Combine(_dir.Path, "persist.img");
        byte[] data = new byte[3 * DmIoConstants.PageSize];
        new DeterministicRandom(5).NextBytes(data);
        using (SparseFileDevice first = SparseFileDevice.Create("a", path, 1L << 24))
        {
            Assert.Equal(BlkStatus.Ok, Submit(first, BioOperation.Write, 123_456, data, BioFlags.Fua));
        }

        using SparseFileDevice again = SparseFileDevice.Open("b", path);
        byte[] back = new byte[data.Length];
        Assert.Equal(BlkStatus.Ok, Submit(again, BioOperation.Read, 123_456, back));

        Assert.Equal(1L << 24, again.CapacitySectors);
        Assert.Equal(data, back);
    }

    [LinuxFact]
    public void Discard_PunchesAHole_SoTheRangeReadsZerosAndItsSpaceIsReturned()
    {
        using SparseFileDevice device = SparseFileDevice.Create("f", Path.Combine(_dir.Path, "hole.img"), 1L << 20);
        byte[] data = new byte[1 << 20];
        data.AsSpan().Fill(0x11);
        Submit(device, BioOperation.Write, 0, data, BioFlags.Fua); // FUA: on disk, so delayed allocation has settled
        long before = device.GetAllocatedBytes();

        Assert.Equal(BlkStatus.Ok, SubmitDataless(device, BioOperation.Discard, 0, 2048));

        long after = device.GetAllocatedBytes();
        output.WriteLine($"allocated before discard {before}, after {after}");
        Assert.True(device.PunchesHoles);
        Assert.True(before - after >= 1 << 20, $"discarding 1 MiB returned only {before - after} bytes.");
        byte[] back = new byte[data.Length];
        device.ReadDirect(0, back);
        Assert.Equal(new byte[data.Length], back);
    }

    [LinuxFact]
    public void Discard_WithHolePunchingOff_WritesZerosAndKeepsTheSpace()
    {
        using SparseFileDevice device = SparseFileDevice.Create("f", Path.Combine(_dir.Path, "zeros.img"), 1L << 20, punchHoles: false);
        byte[] data = new byte[64 * 1024];
        data.AsSpan().Fill(0x22);
        Submit(device, BioOperation.Write, 0, data);
        long before = device.GetAllocatedBytes();

        Assert.Equal(BlkStatus.Ok, SubmitDataless(device, BioOperation.Discard, 8, 64));

        byte[] back = new byte[data.Length];
        device.ReadDirect(0, back);
        byte[] expected = (byte[])data.Clone();
        expected.AsSpan(8 * 512, 64 * 512).Clear();
        Assert.Equal(expected, back);
        Assert.False(device.PunchesHoles);
        Assert.True(device.GetAllocatedBytes() >= before, "the zero-writing fallback must not free space.");
    }

    [Fact]
    public void AfterDispose_BiosFailWithIoError()
    {
        SparseFileDevice device = SparseFileDevice.Create("f", Path.Combine(_dir.Path, "gone.img"), 1024);
        device.Dispose();

        Assert.Equal(BlkStatus.IoError, Submit(device, BioOperation.Read, 0, new byte[512]));
    }

    [Fact]
    public void Create_OverAnExistingFile_IsRefusedAndLeavesItAlone()
    {
        string path = Path.Combine(_dir.Path, "exists.img");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Throws<IOException>(() => SparseFileDevice.Create("f", path, 1024));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    private static BlkStatus Submit(IBlockDevice device, BioOperation operation, long sector, byte[] data, BioFlags flags = BioFlags.None)
    {
        var bio = new Bio();
        bio.Init(operation, flags, sector, new BioEndIoAction(_ => { }));
        for (int offset = 0; offset < data.Length; offset += DmIoConstants.PageSize)
        {
            Assert.True(bio.TryAddSegment(data.AsMemory(offset, Math.Min(DmIoConstants.PageSize, data.Length - offset))));
        }

        BlockLayer.Submit(device, bio);
        return bio.Status;
    }

    private static BlkStatus SubmitDataless(IBlockDevice device, BioOperation operation, long sector, long sectors)
    {
        var bio = new Bio();
        bio.Init(operation, BioFlags.None, sector, new BioEndIoAction(_ => { }));
        bio.SetDatalessSize(sectors * 512);
        BlockLayer.Submit(device, bio);
        return bio.Status;
    }
}
