using DmIo.Testing;
using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.6: regions split into bios by the 256-segment limit and the device's queue limits.</summary>
public sealed class SplittingTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public SplittingTests(ResourceLedger ledger) => _ledger = ledger;

    private (RecordingDevice Device, byte[] Payload) WriteOneRegion(QueueLimits limits, long sectors, BufferKit? buffer = null,
        BlockQueueKind queueKind = BlockQueueKind.BioBased)
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new RecordingDevice("d", 1 << 16, limits) { QueueKind = queueKind };
        byte[] payload = Patterns.Bytes((int)(sectors * 512), seed: 9);
        buffer ??= BufferKit.Create(DmIoMemoryKind.Vm, payload.Length);
        buffer.Fill(payload);
        var (rc, bits) = Io.Sync(client, BioOperation.Write, buffer.Memory, new IoRegion(dev, 16, sectors));
        Assert.Equal(0, rc);
        Assert.Equal(0UL, bits);
        return (dev, payload);
    }

    private static void AssertContiguousCover(IReadOnlyList<RecordedBio> bios, long start, long count)
    {
        long next = start;
        foreach (RecordedBio bio in bios)
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

        Assert.Equal(2, dev.Bios.Count);
        Assert.Equal(256, dev.Bios[0].SegmentLengths.Count);
        Assert.Equal(44, dev.Bios[1].SegmentLengths.Count);
        AssertContiguousCover(dev.Bios, 16, 300 * 8);
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void RequestBasedDevice_GetsPiecesSplitByItsMaxSectors()
    {
        var limits = QueueLimits.Default with { MaxSectors = 24 };

        var (dev, payload) = WriteOneRegion(limits, 100, queueKind: BlockQueueKind.RequestBased);

        Assert.All(dev.Bios, b => Assert.True(b.Sectors <= 24, $"bio {b.Index} has {b.Sectors} sectors"));
        Assert.Equal([24L, 24, 24, 24, 4], dev.Bios.Select(b => b.Sectors));
        AssertContiguousCover(dev.Bios, 16, 100);
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void RequestBasedDevice_GetsPiecesSplitByItsMaxSegments()
    {
        var limits = QueueLimits.Default with { MaxSegments = 3 };

        var (dev, payload) = WriteOneRegion(limits, 80, queueKind: BlockQueueKind.RequestBased);

        Assert.Equal([24L, 24, 24, 8], dev.Bios.Select(b => b.Sectors));
        Assert.All(dev.Bios, b => Assert.True(b.SegmentLengths.Count <= 3));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void Region_WithPageOffset_AsksForOneMoreVectorThanItsPages_AsTheKernelDoes()
    {
        // 6.12's bio_max_segs(DIV_ROUND_UP(remaining, PAGE_SECTORS) + 1): 8 sectors at offset 512 span two VM
        // pages; the bio asks for 2 vectors and gets the 4 inline ones, so one bio carries both pieces.
        var buffer = BufferKit.Create(DmIoMemoryKind.Vm, 8 * 512, offset: 512);

        var (dev, payload) = WriteOneRegion(QueueLimits.Default, 8, buffer);

        Assert.Equal([8L], dev.Bios.Select(b => b.Sectors));
        Assert.Equal([3584, 512], dev.Bios[0].SegmentLengths);
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void VmBuffer_WithPageOffset_CrossesPagesWhereVmallocWould()
    {
        var buffer = BufferKit.Create(DmIoMemoryKind.Vm, 24 * 512, offset: 3072);

        var (dev, _) = WriteOneRegion(QueueLimits.Default, 24, buffer);

        int[] segments = [.. dev.Bios.SelectMany(b => b.SegmentLengths)];
        Assert.Equal([1024, 4096, 4096, 3072], segments);
    }

    [Fact]
    public void PageList_OffsetAppliesToTheFirstPageOnly()
    {
        var buffer = BufferKit.Create(DmIoMemoryKind.PageList, 16 * 512, offset: 2048);

        var (dev, payload) = WriteOneRegion(QueueLimits.Default, 16, buffer);

        Assert.Equal([2048, 4096, 2048], dev.Bios.SelectMany(b => b.SegmentLengths));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }

    [Fact]
    public void Bvec_OneVectorPerElementOfItsOwnPage_AndBioCapacityFromTheBioSet()
    {
        // 16 sectors in 512-byte elements, each in a page of its own (nothing merges): every bio asks for
        // ceil(remaining/8) + 1 = 3 (then 3, 2, 2) vectors and gets the bio set's 4 inline ones.
        var buffer = BufferKit.Create(DmIoMemoryKind.Bvec, 16 * 512, bvecSegmentBytes: 512);

        var (dev, payload) = WriteOneRegion(QueueLimits.Default, 16, buffer);

        Assert.All(dev.Bios.SelectMany(b => b.SegmentLengths), len => Assert.Equal(512, len));
        Assert.Equal([4L, 4, 4, 4], dev.Bios.Select(b => b.Sectors));
        Patterns.AssertBytesEqual(payload, dev.Data.Slice(16 * 512, payload.Length));
    }
}
