using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.8: discard and write-zeroes are chunked by the device's limits or refused when it has none.</summary>
public sealed class DiscardTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public DiscardTests(ResourceLedger ledger) => _ledger = ledger;

    [Theory]
    [InlineData(BioOperation.Discard)]
    [InlineData(BioOperation.WriteZeroes)]
    public void Dataless_ChunksByTheDevicesLimit_AndCarriesNoSegments(BioOperation op)
    {
        using var client = _ledger.Track(TestClient.Create());
        var limits = QueueLimits.Default with { MaxDiscardSectors = 64, MaxWriteZeroesSectors = 64 };
        var dev = new ScriptedDevice("d", 4096, limits);
        Patterns.Bytes(4096 * 512).CopyTo(dev.Data);

        var (rc, bits) = Io.Sync(client, op, DmIoMemory.None, new IoRegion(dev, 100, 150));

        Assert.Equal(0, rc);
        Assert.Equal(0UL, bits);
        Assert.Equal([64L, 64, 22], dev.Submitted.Select(b => b.Sectors));
        Assert.Equal([100L, 164, 228], dev.Submitted.Select(b => b.Sector));
        Assert.All(dev.Submitted, b => Assert.Empty(b.SegmentLengths));
        Assert.All(dev.Submitted, b => Assert.Equal(op, b.Operation));
        Assert.True(dev.Data.Slice(100 * 512, 150 * 512).IndexOfAnyExcept((byte)0) < 0);
        Assert.NotEqual(0, dev.Data[(250 * 512) + 1]);
    }

    [Theory]
    [InlineData(BioOperation.Discard)]
    [InlineData(BioOperation.WriteZeroes)]
    public async Task Dataless_OnDeviceWithoutSupport_SetsTheRegionBitAndSendsNothing(BioOperation op)
    {
        using var client = _ledger.Track(TestClient.Create());
        var none = QueueLimits.Default with { MaxDiscardSectors = 0, MaxWriteZeroesSectors = 0 };
        var unsupported = new ScriptedDevice("nodiscard", 4096, none) { MaxBios = 10 };
        var supported = new ScriptedDevice("discard", 4096);

        // On a worker with a deadline: a splitter that loops on a zero limit must fail this test, not hang the run.
        Task<(int, ulong)> run = Task.Run(() => Io.Sync(client, op, DmIoMemory.None,
            new IoRegion(supported, 0, 16), new IoRegion(unsupported, 0, 16), new IoRegion(supported, 64, 16)));
        Task first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(first == run, "the request never finished: the splitter loops on a zero limit");
        var (rc, bits) = await run;

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0b010UL, bits);
        Assert.Empty(unsupported.Submitted);
        Assert.Equal(2, supported.Submitted.Count);
    }

    [Fact]
    public void Async_Callback_RunsExactlyOnce_WithMixedDiscardSupport()
    {
        using var client = _ledger.Track(TestClient.Create());
        var none = QueueLimits.Default with { MaxDiscardSectors = 0 };
        var unsupported = new ScriptedDevice("nodiscard", 4096, none);
        var supported = new ScriptedDevice("discard", 4096, QueueLimits.Default with { MaxDiscardSectors = 8 }) { Queued = true };

        CallbackProbe probe = Io.Async(client, BioOperation.Discard, BioFlags.None, DmIoMemory.None,
            new IoRegion(unsupported, 0, 16), new IoRegion(supported, 0, 16), new IoRegion(unsupported, 32, 16));

        Assert.Equal(0, probe.Calls);
        Assert.Equal(2, supported.DrainCompletions());
        Assert.Equal(1, probe.Calls);
        Assert.Equal(0b101UL, probe.ErrorBits);

        CallbackProbe onlyUnsupported = Io.Async(client, BioOperation.Discard, BioFlags.None, DmIoMemory.None,
            new IoRegion(unsupported, 0, 16), new IoRegion(unsupported, 32, 16));
        Assert.Equal(1, onlyUnsupported.Calls);
        Assert.Equal(0b11UL, onlyUnsupported.ErrorBits);
        Assert.Equal(client.IoCapacity, client.FreeIos);
    }

    [Fact]
    public void Dataless_LimitIsReadOncePerRegion()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ShiftingLimitsDevice(new ScriptedDevice("d", 4096));

        var (rc, _) = Io.Sync(client, BioOperation.Discard, DmIoMemory.None, new IoRegion(dev, 0, 64), new IoRegion(dev, 1000, 64));

        Assert.Equal(0, rc);
        // The limit grows with every bio the device receives. Region 0 read 8 before its first bio and must keep
        // using 8; region 1 starts after 8 bios, reads 72, and fits in one bio. Re-reading per bio would give 8, 16, 24, 16.
        Assert.Equal([8L, 8, 8, 8, 8, 8, 8, 8, 64], dev.Inner.Submitted.Select(b => b.Sectors));
    }

    /// <summary>A device whose discard limit is 8 sectors times one more than the bios it has received.</summary>
    private sealed class ShiftingLimitsDevice(ScriptedDevice inner) : IBlockDevice
    {
        public ScriptedDevice Inner => inner;

        public string Name => inner.Name;

        public long CapacitySectors => inner.CapacitySectors;

        public QueueLimits Limits => inner.Limits with { MaxDiscardSectors = 8L * (inner.Submitted.Count + 1) };

        public void Submit(Bio bio) => inner.Submit(bio);
    }
}
