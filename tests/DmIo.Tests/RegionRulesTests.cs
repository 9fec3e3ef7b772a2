using DmIo.Testing;
using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.4 and 2.5: zero-count regions, the empty PREFLUSH bio, and the rewound cursor of multi-region writes.</summary>
public sealed class RegionRulesTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public RegionRulesTests(ResourceLedger ledger) => _ledger = ledger;

    private static readonly QueueLimits CachedDisk = QueueLimits.Default with { VolatileWriteCache = true, Fua = true };

    [Fact]
    public void ZeroCountRegion_IsSkipped_AndItsBitIsNeverSet()
    {
        using var client = _ledger.Track(TestClient.Create());
        var good = new RecordingDevice("good", 64);
        var bad = new RecordingDevice("bad", 64) { Status = _ => BlkStatus.IoError };

        var (rc, bits) = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            new IoRegion(good, 0, 8), new IoRegion(bad, 0, 0));

        Assert.Equal(0, rc);
        Assert.Equal(0UL, bits);
        Assert.Empty(bad.Bios);
    }

    [Fact]
    public void Preflush_WithZeroCountRegion_SendsExactlyOneEmptyFlushBio()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new RecordingDevice("log", 64, CachedDisk);

        var (rc, _) = Io.Sync(client, BioOperation.Write, BioFlags.Preflush, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new IoRegion(dev, 0, 0));

        Assert.Equal(0, rc);
        RecordedBio flush = Assert.Single(dev.Bios);
        Assert.Equal(0, flush.Sectors);
        Assert.Empty(flush.SegmentLengths);
        Assert.True(flush.Flags.HasFlag(BioFlags.Preflush));
        Assert.True(flush.Flags.HasFlag(BioFlags.Sync));
    }

    [Fact]
    public void Preflush_WithZeroCountRegionOnFailingDevice_SetsThatRegionsBit()
    {
        using var client = _ledger.Track(TestClient.Create());
        var good = new RecordingDevice("good", 64, CachedDisk);
        var bad = new RecordingDevice("bad", 64, CachedDisk) { Status = _ => BlkStatus.IoError };

        var (rc, bits) = Io.Sync(client, BioOperation.Write, BioFlags.Preflush | BioFlags.Fua, DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            new IoRegion(good, 0, 8), new IoRegion(bad, 0, 0));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0b10UL, bits);
        Assert.Single(bad.Bios);
    }

    [Fact]
    public void PreflushAndFua_RideOnEveryBioOfEveryRegion()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new RecordingDevice("d", 4096, CachedDisk with { MaxSectors = 8 }) { QueueKind = BlockQueueKind.RequestBased };

        Io.Sync(client, BioOperation.Write, BioFlags.Preflush | BioFlags.Fua | BioFlags.Meta, DmIoMemory.FromVm(new VmBuffer(new byte[16 * 512])),
            new IoRegion(dev, 0, 16), new IoRegion(dev, 100, 16));

        Assert.Equal(4, dev.Bios.Count);
        Assert.All(dev.Bios, r => Assert.Equal(BioFlags.Preflush | BioFlags.Fua | BioFlags.Meta | BioFlags.Sync, r.Flags));
    }

    [Theory]
    [InlineData(DmIoMemoryKind.PageList, 0)]
    [InlineData(DmIoMemoryKind.PageList, 1536)]
    [InlineData(DmIoMemoryKind.Bvec, 512)]
    [InlineData(DmIoMemoryKind.Vm, 3584)]
    [InlineData(DmIoMemoryKind.Kmem, 1024)]
    public void MultiRegionWrite_SendsTheSameSourceBytesToEveryRegion(DmIoMemoryKind kind, int offset)
    {
        using var client = _ledger.Track(TestClient.Create());
        var a = new RecordingDevice("a", 4096);
        var b = new RecordingDevice("b", 4096);
        byte[] payload = Patterns.Bytes(40 * 512, seed: 3);
        BufferKit buffer = BufferKit.Create(kind, payload.Length, offset, bvecSegmentBytes: 1024);
        buffer.Fill(payload);

        var (rc, _) = Io.Sync(client, BioOperation.Write, buffer.Memory,
            new IoRegion(a, 10, 40), new IoRegion(b, 200, 40), new IoRegion(a, 1000, 24));

        Assert.Equal(0, rc);
        Patterns.AssertBytesEqual(payload, a.Data.Slice(10 * 512, payload.Length).ToArray(), "region 0:");
        Patterns.AssertBytesEqual(payload, b.Data.Slice(200 * 512, payload.Length).ToArray(), "region 1:");
        Patterns.AssertBytesEqual(payload.AsSpan(0, 24 * 512), a.Data.Slice(1000 * 512, 24 * 512), "region 2 (shorter) starts at the same byte 0:");
    }
}
