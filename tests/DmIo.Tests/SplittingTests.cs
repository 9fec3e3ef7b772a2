using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.6: regions split into bios by the 256-segment limit and the device's queue limits.</summary>
public sealed class SplittingTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public SplittingTests(ResourceLedger ledger) => _ledger = ledger;

    private (ScriptedDevice Device, byte[] Payload) WriteOneRegion(QueueLimits limits, long sectors, BufferKit? buffer = null)
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 1 << 16, limits);
        byte[] payload = Patterns.Bytes((int)(sectors * 512), seed: 9);
        buffer ??= BufferKit.Create(DmIoMemoryKind.Vm, payload.Length);
        buffer.Fill(payload);
        var (rc, bits) = Io.Sync(client, BioOperation.Write, buffer.Memory, new IoRegion(dev, 16, sectors));
        Assert.Equal(0, rc);
        Assert.Equal(0UL, bits);
        return (dev, payload);
    }

    private static void AssertContiguousCover(IReadOnlyList<BioRecord> bios, long start, long count)
    {
        long next = start;
        foreach (BioRecord bio in bios)
        {
            Assert.True(bio.Sector == next, $"bio {bio.Index} starts at sector {bio.Sector}, expected {next}");
            next += bio.Sectors;
        }

        Assert.Equal(start + count, next);
    }

    [Fact]
    public void Region_LargerThan256Pages_SplitsAtTheBioSegmentLimit()
    {
        var limits = QueueLimits.Default with { MaxSectors = 1 << 16, MaxSegments = 1024 };

        var (dev, payload) = WriteOneRegion(limits, 300 * 8);

        Assert.Equal(2, dev.Submitted.Count);
        Assert.Equal(256, dev.Submitted[0].SegmentLengths.Length);
        Assert.Equal(44, dev.Submitted[1].SegmentLengths.Length);
        AssertContiguousCover(dev.Submitted, 16, 300 * 8);
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void Region_SplitsByTheDevicesMaxSectors()
    {
        var limits = QueueLimits.Default with { MaxSectors = 24 };

        var (dev, payload) = WriteOneRegion(limits, 100);

        Assert.All(dev.Submitted, b => Assert.True(b.Sectors <= 24, $"bio {b.Index} has {b.Sectors} sectors"));
        Assert.Equal([24L, 24, 24, 24, 4], dev.Submitted.Select(b => b.Sectors));
        AssertContiguousCover(dev.Submitted, 16, 100);
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void Region_SplitsByTheDevicesMaxSegments()
    {
        var limits = QueueLimits.Default with { MaxSegments = 3 };

        var (dev, payload) = WriteOneRegion(limits, 80);

        Assert.Equal([24L, 24, 24, 8], dev.Submitted.Select(b => b.Sectors));
        Assert.All(dev.Submitted, b => Assert.True(b.SegmentLengths.Length <= 3));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void Region_WithPageOffset_SizesTheFirstBioByCeilOfRemainingPages_AsTheKernelDoes()
    {
        // bio_max_segs(DIV_ROUND_UP(remaining, PAGE_SECTORS)): 8 sectors at offset 512 need two segments,
        // but the first bio is allocated for one, so dm-io sends two bios (7 sectors, then 1).
        var buffer = BufferKit.Create(DmIoMemoryKind.Vm, 8 * 512, offset: 512);

        var (dev, payload) = WriteOneRegion(QueueLimits.Default, 8, buffer);

        Assert.Equal([7L, 1], dev.Submitted.Select(b => b.Sectors));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void VmBuffer_WithPageOffset_CrossesPagesWhereVmallocWould()
    {
        var buffer = BufferKit.Create(DmIoMemoryKind.Vm, 24 * 512, offset: 3072);

        var (dev, _) = WriteOneRegion(QueueLimits.Default, 24, buffer);

        int[] segments = [.. dev.Submitted.SelectMany(b => b.SegmentLengths)];
        Assert.Equal([1024, 4096, 4096, 3072], segments);
    }

    [Fact]
    public void PageList_OffsetAppliesToTheFirstPageOnly()
    {
        var buffer = BufferKit.Create(DmIoMemoryKind.PageList, 16 * 512, offset: 2048);

        var (dev, payload) = WriteOneRegion(QueueLimits.Default, 16, buffer);

        Assert.Equal([2048, 4096, 2048], dev.Submitted.SelectMany(b => b.SegmentLengths));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void Bvec_OneSegmentPerElement_AndBioCapacityFromRemainingPages()
    {
        // 16 sectors in 512-byte elements: each bio is allocated for ceil(remaining/8) segments.
        var buffer = BufferKit.Create(DmIoMemoryKind.Bvec, 16 * 512, bvecSegmentBytes: 512);

        var (dev, payload) = WriteOneRegion(QueueLimits.Default, 16, buffer);

        Assert.All(dev.Submitted.SelectMany(b => b.SegmentLengths), len => Assert.Equal(512, len));
        Assert.Equal([2L, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1], dev.Submitted.Select(b => b.Sectors));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }
}
