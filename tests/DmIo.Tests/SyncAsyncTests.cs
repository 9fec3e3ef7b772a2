using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.2 and 2.3: the async callback runs exactly once after the last bio; multi-region reads are refused.</summary>
public sealed class SyncAsyncTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public SyncAsyncTests(ResourceLedger ledger) => _ledger = ledger;

    [Fact]
    public void Async_Callback_RunsExactlyOnce_AndOnlyAfterTheLastBioCompletes()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 4096, QueueLimits.Default with { MaxSectors = 8 }) { Queued = true, QueueKind = BlockQueueKind.RequestBased };
        var memory = DmIoMemory.FromVm(new VmBuffer(Patterns.Bytes(32 * 512)));

        CallbackProbe probe = Io.Async(client, BioOperation.Write, BioFlags.None, memory, new IoRegion(dev, 0, 32), new IoRegion(dev, 100, 32));

        Assert.Equal(0, probe.ReturnCode);
        Assert.Equal(8, dev.PendingCount);
        for (int i = 0; i < 7; i++)
        {
            Assert.True(dev.CompleteNext());
            Assert.Equal(0, probe.Calls);
        }

        Assert.True(dev.CompleteNext());
        Assert.Equal(1, probe.Calls);
        Assert.Equal(0UL, probe.ErrorBits);
        Assert.Same(probe, probe.Context);
        Assert.Equal(0, client.OutstandingIos);
    }

    [Fact]
    public void Async_WithQueuedDevice_CallbackRunsAfterSubmitReturns()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64) { Queued = true };

        CallbackProbe probe = Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));
        dev.DrainCompletions();

        Assert.Equal(1, probe.Calls);
        Assert.False(probe.CalledBeforeReturn);
    }

    [Fact]
    public void Async_WithInlineDevice_CallbackMayRunBeforeSubmitReturns()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64);

        CallbackProbe probe = Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));

        Assert.Equal(1, probe.Calls);
        Assert.True(probe.CalledBeforeReturn);
    }

    [Fact]
    public void Async_WithNoBiosIssued_CallsBackWithZeroBeforeReturning()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64);

        CallbackProbe probe = Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])),
            new IoRegion(dev, 0, 0), new IoRegion(dev, 8, 0));

        Assert.Equal(0, probe.ReturnCode);
        Assert.Equal(1, probe.Calls);
        Assert.True(probe.CalledBeforeReturn);
        Assert.Equal(0UL, probe.ErrorBits);
        Assert.Empty(dev.Submitted);
    }

    [Fact]
    public void Read_WithTwoRegions_ReturnsEioAndSubmitsNothing()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64);
        ulong bits = 0x1234;
        var request = new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(new byte[4096])), Client = client };

        int rc = DmIoEngine.Execute(request, [new IoRegion(dev, 0, 8), new IoRegion(dev, 8, 8)], ref bits);

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0x1234UL, bits); // left unwritten, as the kernel leaves *error_bits
        Assert.Empty(dev.Submitted);
        Assert.Equal(client.IoCapacity, client.FreeIos);
    }

    [Fact]
    public void UnifiedAsyncRead_WithTwoRegions_ReturnsEioWithoutCallingBack_As612DmIoDoes()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64);

        CallbackProbe probe = Io.Async(client, BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            new IoRegion(dev, 0, 8), new IoRegion(dev, 8, 8));

        Assert.Equal(-Errno.EIO, probe.ReturnCode);
        Assert.Equal(0, probe.Calls);
        Assert.Empty(dev.Submitted);
    }

    [Fact]
    public void Sync_WithSimulatedScheduler_PumpsEventsUntilItsBiosComplete()
    {
        var scheduler = new SimulatedScheduler(seed: 7);
        using var client = _ledger.Track(DmIoClient.Create(1, scheduler));
        var dev = new ScriptedDevice("d", 64) { Delayed = (scheduler, 5_000_000) };

        var (rc, bits) = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));

        Assert.Equal(0, rc);
        Assert.Equal(0UL, bits);
        Assert.Equal(5_000_000, scheduler.NowNanoseconds);
    }

    [Fact]
    public void Sync_WithSimulatedScheduler_AndDeviceThatNeverCompletes_ReportsStall()
    {
        var scheduler = new SimulatedScheduler();
        using var client = _ledger.Track(DmIoClient.Create(1, scheduler));
        var dev = new ScriptedDevice("d", 64) { Queued = true };

        var ex = Assert.Throws<SimulationStalledException>(() =>
            Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8)));
        Assert.Contains("synchronous dm-io request", ex.Message);
        Assert.Equal(1, client.OutstandingIos);
        dev.DrainCompletions(); // the stranded bio still completes exactly once and returns its io
        Assert.Equal(0, client.OutstandingIos);
    }
}
