using DmIo.Testing;
using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.1 and 2.2: one error bit per region, set iff one of its bios failed; sync returns -EIO when any bit is set.</summary>
public sealed class ErrorBitsTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public ErrorBitsTests(ResourceLedger ledger) => _ledger = ledger;

    [Fact]
    public void ErrorBits_SetExactlyForRegionsWhoseBiosFailed()
    {
        using var client = _ledger.Track(TestClient.Create());
        var good = new RecordingDevice("good", 4096);
        var bad = new RecordingDevice("bad", 4096) { Status = _ => BlkStatus.IoError };
        var memory = DmIoMemory.FromVm(new VmBuffer(Patterns.Bytes(8 * 512)));

        var (rc, bits) = Io.Sync(client, BioOperation.Write, memory,
            new IoRegion(good, 0, 8), new IoRegion(bad, 0, 8), new IoRegion(good, 64, 8), new IoRegion(bad, 64, 8));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0b1010UL, bits);
    }

    [Fact]
    public void ErrorBits_CombineWithOr_WhenOnlyLaterBiosOfSeveralRegionsFail()
    {
        // Region 0 fails on its first bio, region 1 on its last: an '&' combination or a
        // last-error-wins rule would lose one of them.
        using var client = _ledger.Track(TestClient.Create());
        var limits = QueueLimits.Default with { MaxSectors = 8 };
        var dev = new RecordingDevice("d", 4096, limits)
        {
            QueueKind = BlockQueueKind.RequestBased, // the block layer splits each region's bio into 8-sector pieces
            Status = r => r.Sector == 0 || r.Sector == 1000 + 16 ? BlkStatus.IoError : BlkStatus.Ok,
        };
        var memory = DmIoMemory.FromVm(new VmBuffer(Patterns.Bytes(24 * 512)));

        var (rc, bits) = Io.Sync(client, BioOperation.Write, memory,
            new IoRegion(dev, 0, 24), new IoRegion(dev, 1000, 24), new IoRegion(dev, 2000, 24));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0b011UL, bits);
        Assert.Equal(9, dev.Bios.Count); // 3 regions x 3 pieces of 8 sectors
    }

    [Fact]
    public void ErrorBits_Region63_SetsTheTopBit()
    {
        using var client = _ledger.Track(TestClient.Create());
        var good = new RecordingDevice("good", 4096);
        var bad = new RecordingDevice("bad", 4096) { Status = _ => BlkStatus.Medium };
        var regions = new IoRegion[64];
        for (int i = 0; i < 64; i++)
        {
            regions[i] = new IoRegion(i == 63 ? bad : good, i * 8, 8);
        }

        var (rc, bits) = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), regions);

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(1UL << 63, bits);
    }

    [Fact]
    public void Sync_WithNoFailures_ReturnsZeroAndWritesZeroBits()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new RecordingDevice("d", 64);

        var (rc, bits) = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));

        Assert.Equal(0, rc);
        Assert.Equal(0UL, bits);
    }

    [Theory]
    [InlineData(BlkStatus.NotSupported)]
    [InlineData(BlkStatus.Timeout)]
    [InlineData(BlkStatus.NoSpace)]
    [InlineData(BlkStatus.Medium)]
    [InlineData(BlkStatus.IoError)]
    public void ErrorBits_AnyNonOkStatus_SetsTheBit(BlkStatus status)
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new RecordingDevice("d", 64) { Status = _ => status };

        var (rc, bits) = Io.Sync(client, BioOperation.Read, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(1UL, bits);
    }
}
