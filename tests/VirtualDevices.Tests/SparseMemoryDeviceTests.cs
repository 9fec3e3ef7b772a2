using DmIo.VirtualDevices.Tests.Harness;
using Xunit.Abstractions;

namespace DmIo.VirtualDevices.Tests;

/// <summary>The sparse memory device's footprint and page bookkeeping.</summary>
[Collection(FootprintCollection.Name)]
public sealed class SparseMemoryDeviceTests(ITestOutputHelper output)
{
    private const long OneTiBInSectors = 1L << 31;
    private const long LimitBytes = 200L * 1024 * 1024;

    /// <summary>
    /// Measures with <see cref="GC.GetTotalMemory(bool)"/> after a forced full collection: every byte the device holds
    /// (pages, dictionary) is managed, so the live-heap delta is exactly its footprint, untouched by the test
    /// host or by memory the GC has not yet returned to the OS. The working-set delta is checked against the
    /// same bound as a cross-check of the process view, though it is noisier.
    /// </summary>
    [Fact]
    public void OneTebibyteDevice_After10000Random4KWrites_StaysUnder200MB()
    {
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long workingSetBefore = Environment.WorkingSet;

        var device = new SparseMemoryDevice("tib", OneTiBInSectors);
        HashSet<long> written = RandomPageWrites.Run(device, 10_000, seed: 42);

        long heapDelta = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        long workingSetDelta = Environment.WorkingSet - workingSetBefore;
        output.WriteLine($"1 TiB sparse memory, 10000 random 4 KiB writes ({written.Count} distinct pages): managed heap +{heapDelta / 1048576.0:F1} MiB, " +
            $"working set +{workingSetDelta / 1048576.0:F1} MiB, process working set now {Environment.WorkingSet / 1048576.0:F1} MiB");

        Assert.Equal(written.Count, device.AllocatedPages);
        Assert.True(heapDelta < LimitBytes, $"managed heap grew by {heapDelta} bytes, limit {LimitBytes}.");
        Assert.True(workingSetDelta < LimitBytes, $"working set grew by {workingSetDelta} bytes, limit {LimitBytes}.");
        GC.KeepAlive(device);
    }

    [Fact]
    public void DiscardOfWholePages_FreesThem_AndPartialPagesAreZeroedButKept()
    {
        var device = new SparseMemoryDevice("sp", 1L << 20);
        byte[] data = new byte[4 * DmIoConstants.PageSize];
        data.AsSpan().Fill(0xAB);
        device.WriteDirect(0, data); // pages 0..3
        Assert.Equal(4, device.AllocatedPages);

        var bio = new Bio();
        bio.Init(BioOperation.Discard, BioFlags.None, 4, new BioEndIoAction(_ => { }));
        bio.SetDatalessSize(24 * 512); // sectors 4..27: the back half of page 0, pages 1 and 2, the front half of page 3
        BlockLayer.Submit(device, bio);

        Assert.Equal(2, device.AllocatedPages);
        byte[] back = new byte[data.Length];
        device.ReadDirect(0, back);
        byte[] expected = (byte[])data.Clone();
        expected.AsSpan(4 * 512, 24 * 512).Clear();
        Assert.Equal(expected, back);
    }

    [Fact]
    public void WriteDirect_PastTheEnd_ThrowsAndWritesNothing()
    {
        var device = new SparseMemoryDevice("sp", 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => device.WriteDirect(15, new byte[1024]));
        Assert.Equal(0, device.AllocatedPages);
    }
}
