namespace DmIo.Tests.Kernel612;

/// <summary>
/// Linux 6.12 block layer for a request-based (blk-mq) device: __bio_split_to_limits splits each bio against the
/// queue limits (bio_split_rw_at with get_max_io_size, bvec_split_segs, bvec_gap_to_prev, ALIGN_DOWN to the logical
/// block; __bio_split_discard; bio_split_write_zeroes), chains each front piece to the original (bio_chain) and
/// carries on with the rest. A bio-based device gets bios as submitted. Expected pieces are worked out by hand.
/// </summary>
public sealed class RequestBasedSplitTests
{
    private static RecordingDevice RequestBased(QueueLimits limits) => new("rq0", 8192, limits, BlockQueueKind.RequestBased);

    private static (long Sector, long Sectors)[] Pieces(RecordingDevice dev) => [.. dev.Seen.Select(b => (b.Sector, b.Sectors))];

    private static void Write(RecordingDevice dev, DmIoMemory memory, long sector, long count)
    {
        using DmIoClient client = Kernel612Client.Create();
        var (rc, bits) = Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, memory, new IoRegion(dev, sector, count));
        Assert.Equal((0, 0UL), (rc, bits));
    }

    [Fact]
    public void MaxSectors16_KmemWriteOf64Sectors_ArrivesAsFourPiecesOf16()
    {
        var dev = RequestBased(new QueueLimits { MaxSectors = 16 });
        Write(dev, DmIoMemory.FromKmem(new VmBuffer(new byte[64 * 512])), 0, 64);

        Assert.Equal([(0L, 16L), (16L, 16L), (32L, 16L), (48L, 16L)], Pieces(dev));
        Assert.All(dev.Seen, b => Assert.Equal(1, b.SegmentCount));
    }

    [Fact]
    public void MaxSegments4_VmWriteOf16Pages_ArrivesAsFourPiecesOfFourSegments()
    {
        var dev = RequestBased(new QueueLimits { MaxSegments = 4 });
        Write(dev, DmIoMemory.FromVm(new VmBuffer(new byte[128 * 512])), 0, 128);

        Assert.Equal([(0L, 32L), (32L, 32L), (64L, 32L), (96L, 32L)], Pieces(dev));
        Assert.All(dev.Seen, b => Assert.Equal(4, b.SegmentCount));
    }

    [Fact]
    public void MaxSegmentSize8KiB_WithMaxSegments4_OneMergedKmemVectorOf64KiBSplitsAfter32KiB()
    {
        // The 65536-byte vector counts as 8192-byte segments; 4 fit = 32768 bytes = 64 sectors.
        var dev = RequestBased(new QueueLimits { MaxSegments = 4, MaxSegmentSize = 8192 });
        Write(dev, DmIoMemory.FromKmem(new VmBuffer(new byte[128 * 512])), 0, 128);

        Assert.Equal([(0L, 64L), (64L, 64L)], Pieces(dev));
    }

    [Fact]
    public void SegmentBoundary64KiB_KmemVectorCrossingIt_SplitsAtTheBoundary()
    {
        // KMEM from page offset 2048, 65536 bytes: addresses 2048..67584 cross 0x10000 after 63488 bytes = 124
        // sectors. One segment allowed, segments may be 1 MiB: only the boundary mask can split it there.
        var dev = RequestBased(new QueueLimits { MaxSegments = 1, MaxSegmentSize = 1 << 20, SegmentBoundaryMask = 0xFFFF });
        Write(dev, DmIoMemory.FromKmem(new VmBuffer(new byte[65536], 2048)), 0, 128);

        Assert.Equal([(0L, 124L), (124L, 4L)], Pieces(dev));
    }

    [Fact]
    public void VirtBoundary4095_BvecWithGapsInsidePages_SplitsBeforeEachGap()
    {
        // [P0 0+1024] ends mid-page -> gap before [P1 512+1024], which starts mid-page; it ends mid-page too ->
        // gap before [P2 0+4096]. Pieces: 1024 bytes, 1024 bytes, 4096 bytes.
        BioVec[] vectors = [new(new Page(), 0, 1024), new(new Page(), 512, 1024), new(new Page(), 0, 4096)];
        var dev = RequestBased(new QueueLimits { VirtBoundaryMask = 4095 });
        Write(dev, DmIoMemory.FromBvec(vectors), 0, 12);

        Assert.Equal([(0L, 2L), (2L, 2L), (4L, 8L)], Pieces(dev));
    }

    [Fact]
    public void VirtBoundary4095_PageListWithOffset512_IsNotSplit_OnlyTheFirstSegmentStartsMidPage()
    {
        // Vectors 3584 (from 512, ends at 4096), 4096, 512: no vector after the first starts mid-page and none
        // before the last ends mid-page, so bvec_gap_to_prev never fires.
        var dev = RequestBased(new QueueLimits { VirtBoundaryMask = 4095 });
        Write(dev, DmIoMemory.FromPageList(PageList.Allocate(3), 512), 0, 16);

        Assert.Equal([(0L, 16L)], Pieces(dev));
        Assert.Equal([3584, 4096, 512], dev.Seen[0].SegmentLengths);
    }

    [Fact]
    public void ChunkSectors8_WriteAtSector4Of16Sectors_NeverCrossesAChunk()
    {
        var dev = RequestBased(new QueueLimits { ChunkSectors = 8 });
        Write(dev, DmIoMemory.FromVm(new VmBuffer(new byte[16 * 512])), 4, 16);

        Assert.Equal([(4L, 4L), (8L, 8L), (16L, 4L)], Pieces(dev));
    }

    [Fact]
    public void ChunkSectors24_NotAPowerOfTwo_SplitsAtMultiplesOf24()
    {
        // 6.12 allows any chunk_sectors (dm-stripe sets its chunk); blk_boundary_sectors_left divides when it is not a
        // power of two: 40 sectors at 16 end at 24, then 48, then 56.
        var dev = RequestBased(new QueueLimits { ChunkSectors = 24 });
        Write(dev, DmIoMemory.FromVm(new VmBuffer(new byte[40 * 512])), 16, 40);

        Assert.Equal([(16L, 8L), (24L, 24L), (48L, 8L)], Pieces(dev));
    }

    [Fact]
    public void LogicalBlock4096_SplitPointInsideABlock_IsRoundedDown()
    {
        // Max 2 segments: [P0 4096][P1 2048] = 6144 bytes fit, rounded down to 4096 = 8 sectors. The rest
        // [P1 2048][P2 2048][P3 4096]: two segments = 4096, split before P3; then [P3 4096].
        BioVec[] vectors = [new(new Page(), 0, 4096), new(new Page(), 0, 2048), new(new Page(), 2048, 2048), new(new Page(), 0, 4096)];
        var dev = RequestBased(new QueueLimits { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxSegments = 2 });
        Write(dev, DmIoMemory.FromBvec(vectors), 0, 24);

        Assert.Equal([(0L, 8L), (8L, 8L), (16L, 8L)], Pieces(dev));
    }

    [Fact]
    public void Discard_MaxNotAMultipleOfGranularity_DmIoSizesByMax_BlockLayerSplitsOnGranularity()
    {
        // dm-io: bios of max_discard 60 -> [0,60) [60,120). Block layer: 60 - 60 % 8 = 56 < 60, so split:
        // [0,56) ends aligned -> 56, rest [56,60); 60 + 56 = 116, 116 % 8 = 4 -> 52: [60,112), rest [112,120).
        var dev = RequestBased(new QueueLimits { MaxDiscardSectors = 60, DiscardGranularity = 4096 });
        using DmIoClient client = Kernel612Client.Create();
        var (rc, _) = Kernel612Client.Sync(client, BioOperation.Discard, BioFlags.None, DmIoMemory.None, new IoRegion(dev, 0, 120));

        Assert.Equal(0, rc);
        Assert.Equal([(0L, 56L), (56L, 4L), (60L, 52L), (112L, 8L)], Pieces(dev));
    }

    [Fact]
    public void Discard_SubmittedStraightToTheBlockLayer_IsSplitByMaxDiscardSectors()
    {
        var dev = RequestBased(new QueueLimits { MaxDiscardSectors = 32 });
        Bio bio = Dataless(BioOperation.Discard, 0, 100, out Func<int> endIos, out Func<BlkStatus> status);
        BlockLayer.Submit(dev, bio);

        Assert.Equal([(0L, 32L), (32L, 32L), (64L, 32L), (96L, 4L)], Pieces(dev));
        Assert.Equal((1, BlkStatus.Ok), (endIos(), status()));
    }

    [Fact]
    public void WriteZeroes_SubmittedStraightToTheBlockLayer_IsSplitByMaxWriteZeroesSectors()
    {
        var dev = RequestBased(new QueueLimits { MaxWriteZeroesSectors = 32 });
        Bio bio = Dataless(BioOperation.WriteZeroes, 0, 100, out Func<int> endIos, out _);
        BlockLayer.Submit(dev, bio);

        Assert.Equal([(0L, 32L), (32L, 32L), (64L, 32L), (96L, 4L)], Pieces(dev));
        Assert.Equal(1, endIos());
    }

    [Fact]
    public void WriteZeroesThroughDmIo_ChunkSectors16_IsSplitAtChunks()
    {
        // dm-io sends one 64-sector bio (max_write_zeroes 64); get_max_io_size cuts it at each 16-sector chunk.
        var dev = RequestBased(new QueueLimits { MaxWriteZeroesSectors = 64, ChunkSectors = 16 });
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.WriteZeroes, BioFlags.None, DmIoMemory.None, new IoRegion(dev, 0, 64));

        Assert.Equal([(0L, 16L), (16L, 16L), (32L, 16L), (48L, 16L)], Pieces(dev));
    }

    [Fact]
    public void ChainedPieces_OriginalCompletesOnceAfterItsLastPiece_WithTheFirstChainedError()
    {
        var dev = new RecordingDevice("rq0", 8192, new QueueLimits { MaxSectors = 8 }, BlockQueueKind.RequestBased) { Hold = true };
        int endIos = 0;
        BlkStatus status = BlkStatus.Ok;
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 0, new BioEndIoAction(b => { endIos++; status = b.Status; }), 4);
        Assert.Equal(16384, bio.AddPage(new byte[16384], new BioSegmentPlace(new object(), 0))); // 32 sectors
        BlockLayer.Submit(dev, bio);
        Assert.Equal([(0L, 8L), (8L, 8L), (16L, 8L), (24L, 8L)], Pieces(dev));

        dev.CompleteHeld(3, BlkStatus.Ok);            // the original itself (the last piece) first
        Assert.Equal(0, endIos);
        dev.CompleteHeld(1, BlkStatus.Timeout);       // piece [8,16) fails first
        dev.CompleteHeld(1, BlkStatus.NoSpace);       // piece [16,24) fails second: not kept
        Assert.Equal(0, endIos);
        dev.CompleteHeld(0, BlkStatus.Ok);            // piece [0,8)
        Assert.Equal((1, BlkStatus.Timeout), (endIos, status));
    }

    [Fact]
    public void BioBasedDevice_GetsEveryBioUnsplit_WhateverItsLimits()
    {
        var limits = new QueueLimits { MaxSectors = 8, MaxSegments = 1, MaxSegmentSize = 4096, ChunkSectors = 8, VirtBoundaryMask = 4095, SegmentBoundaryMask = 4095 };
        var dev = new RecordingDevice("bio0", 8192, limits, BlockQueueKind.BioBased);
        Write(dev, DmIoMemory.FromKmem(new VmBuffer(new byte[64 * 512], 512)), 4, 64);

        Assert.Equal([(4L, 64L)], Pieces(dev));
    }

    [Fact]
    public void EmptyPreflush_DeviceWithoutVolatileCache_CompletesOkWithNoBioReachingIt()
    {
        var dev = RequestBased(QueueLimits.Default);
        using DmIoClient client = Kernel612Client.Create();
        var (rc, bits) = Kernel612Client.Sync(client, BioOperation.Write, BioFlags.Preflush, DmIoMemory.None, new IoRegion(dev, 0, 0));

        Assert.Equal((0, 0UL), (rc, bits));
        Assert.Empty(dev.Seen);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
    }

    [Fact]
    public void EmptyPreflush_DeviceWithVolatileCache_ReachesIt()
    {
        var dev = RequestBased(new QueueLimits { VolatileWriteCache = true });
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.Preflush, DmIoMemory.None, new IoRegion(dev, 0, 0));

        SeenBio flush = Assert.Single(dev.Seen);
        Assert.Equal((0L, BioFlags.Preflush), (flush.Size, flush.Flags & BioFlags.Preflush));
    }

    [Fact]
    public void FuaAndPreflushWrite_DeviceWithoutVolatileCache_ArrivesWithBothFlagsStripped()
    {
        var dev = new RecordingDevice("bio0", 8192);
        using DmIoClient client = Kernel612Client.Create();
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.Fua | BioFlags.Preflush,
            DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));

        SeenBio bio = Assert.Single(dev.Seen);
        Assert.Equal((BioFlags)0, bio.Flags & (BioFlags.Fua | BioFlags.Preflush));
        Assert.Equal(4096L, bio.Size);
    }

    private static Bio Dataless(BioOperation op, long sector, long sectors, out Func<int> endIos, out Func<BlkStatus> status)
    {
        int calls = 0;
        BlkStatus last = BlkStatus.Ok;
        var bio = new Bio();
        bio.Init(op, BioFlags.None, sector, new BioEndIoAction(b => { calls++; last = b.Status; }), 0);
        bio.SetDatalessSize(sectors * 512);
        endIos = () => calls;
        status = () => last;
        return bio;
    }
}
