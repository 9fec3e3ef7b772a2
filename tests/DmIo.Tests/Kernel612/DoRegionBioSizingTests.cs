namespace DmIo.Tests.Kernel612;

/// <summary>
/// Linux 6.12 do_region: each bio asks for bio_max_segs(DIV_ROUND_UP(remaining, 8) + 1) vectors, bio_alloc_bioset
/// rounds that up to the bio set's sizes (4 inline, then the bvec slabs 16, 64, 128, 256), and bio_add_page fills
/// it until full, merging a page that physically continues the last vector (bvec_try_merge_page). No queue limit
/// is consulted. Every expected number below was worked out by hand from those rules.
/// </summary>
public sealed class DoRegionBioSizingTests
{
    private static RecordingDevice BioBased() => new("rec0", 8192);

    [Fact]
    public void VmWriteOfOneMiB_PageAligned_IsOneBioOf256SinglePageVectors()
    {
        // remaining 2048 -> 2048/8 + 1 = 257 -> bio_max_segs 256 -> capacity 256; VM pages never merge:
        // 256 vectors of 4096 = 1 MiB, so the whole region fits one bio.
        RecordingDevice dev = BioBased();
        using DmIoClient client = Kernel612Client.Create();
        var (rc, _) = Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromVm(new VmBuffer(new byte[1 << 20])), new IoRegion(dev, 0, 2048));

        Assert.Equal(0, rc);
        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((1048576L, 256, 256), (bio.Size, bio.SegmentCount, bio.MaxVecs));
        Assert.All(bio.SegmentLengths, l => Assert.Equal(4096, l));
    }

    [Fact]
    public void KmemWriteOfOneMiB_IsOneBioWithOneMergedVector()
    {
        // KMEM is physically contiguous: every page continues the last vector, so bio_add_page merges them all.
        RecordingDevice dev = BioBased();
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromKmem(new VmBuffer(new byte[1 << 20])), new IoRegion(dev, 0, 2048));

        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((1048576L, 1, 256), (bio.Size, bio.SegmentCount, bio.MaxVecs));
    }

    [Fact]
    public void PageListWithOffset512_128Sectors_TheExtraVectorForTheMidPageStartKeepsItInOneBio()
    {
        // remaining 128 -> 16 + 1 = 17 -> capacity 64. Vectors: 3584 (page 0 from 512), 15 x 4096, 512 = 17.
        // Without the "+ 1" it would ask for 16, get 16, and need a second bio for the last sector.
        RecordingDevice dev = BioBased();
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromPageList(PageList.Allocate(17), 512), new IoRegion(dev, 0, 128));

        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((65536L, 17, 64), (bio.Size, bio.SegmentCount, bio.MaxVecs));
        Assert.Equal(3584, bio.SegmentLengths[0]);
        Assert.Equal(512, bio.SegmentLengths[16]);
    }

    [Fact]
    public void PageListWithOffset512_2048Sectors_FirstBioTakes256VectorsAnd2047Sectors_TheLastSectorGetsAFourVectorBio()
    {
        // remaining 2048 -> capacity 256; vectors 3584 + 255 x 4096 = 1048064 bytes = 2047 sectors.
        // Then remaining 1 -> 1 + 1 = 2 -> the 4 inline vectors; one vector of 512.
        RecordingDevice dev = BioBased();
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromPageList(PageList.Allocate(257), 512), new IoRegion(dev, 0, 2048));

        Assert.Collection(dev.Seen,
            b => Assert.Equal((0L, 1048064L, 256, 256), (b.Sector, b.Size, b.SegmentCount, b.MaxVecs)),
            b => Assert.Equal((2047L, 512L, 1, 4), (b.Sector, b.Size, b.SegmentCount, b.MaxVecs)));
    }

    [Theory]
    [InlineData(3, 1, 4)]      // ceil(3/8) + 1 = 2 -> inline 4
    [InlineData(8, 1, 4)]      // 1 + 1 = 2 -> 4
    [InlineData(24, 3, 4)]     // 3 + 1 = 4 -> 4
    [InlineData(32, 4, 16)]    // 4 + 1 = 5 -> slab 16
    [InlineData(72, 9, 16)]    // 9 + 1 = 10 -> 16
    [InlineData(120, 15, 16)]  // 15 + 1 = 16 -> 16
    [InlineData(128, 16, 64)]  // 16 + 1 = 17 -> 64
    [InlineData(504, 63, 64)]  // 63 + 1 = 64 -> 64
    [InlineData(512, 64, 128)] // 64 + 1 = 65 -> 128
    [InlineData(1016, 127, 128)] // 127 + 1 = 128 -> 128
    [InlineData(1024, 128, 256)] // 128 + 1 = 129 -> 256
    public void SmallVmRegion_GetsTheBioSetCapacityForItsPagesPlusOne(int sectors, int expectedVectors, int expectedCapacity)
    {
        RecordingDevice dev = BioBased();
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromVm(new VmBuffer(new byte[sectors * 512])), new IoRegion(dev, 0, sectors));

        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((sectors * 512L, expectedVectors, expectedCapacity), (bio.Size, bio.SegmentCount, bio.MaxVecs));
    }

    [Fact]
    public void BvecElementsContinuingOnePage_MergeIntoOneVector_ElementsInOtherPagesOrWithAGapDoNot()
    {
        // [A 0+1024][A 1024+1024] continue each other in page A -> one vector of 2048.
        // [B 0+512] is another page -> new vector; [B 1024+512] leaves a gap after it -> new vector.
        // 3072 bytes = 6 sectors -> ceil(6/8) + 1 = 2 -> capacity 4.
        var a = new Page();
        var b = new Page();
        BioVec[] vectors = [new(a, 0, 1024), new(a, 1024, 1024), new(b, 0, 512), new(b, 1024, 512)];
        RecordingDevice dev = BioBased();
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromBvec(vectors), new IoRegion(dev, 0, 6));

        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((3072L, 4), (bio.Size, bio.MaxVecs));
        Assert.Equal([2048, 512, 512], bio.SegmentLengths);
    }

    [Fact]
    public void ReadsAndWritesIgnoreTheDevicesQueueLimits_ABioBasedDeviceGetsTheBioUnsplit()
    {
        // max_sectors 8, one segment of one page: dm-io does not look, and a bio-based device is not split for.
        var limits = new QueueLimits { MaxSectors = 8, MaxSegments = 1, MaxSegmentSize = 4096 };
        var dev = new RecordingDevice("rec0", 8192, limits, BlockQueueKind.BioBased);
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromVm(new VmBuffer(new byte[64 * 512])), new IoRegion(dev, 0, 64));

        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((32768L, 8, 16), (bio.Size, bio.SegmentCount, bio.MaxVecs)); // 8 + 1 = 9 -> 16
    }
}
