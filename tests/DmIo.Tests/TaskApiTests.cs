using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>The Task-returning wrapper for C# callers.</summary>
public sealed class TaskApiTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public TaskApiTests(ResourceLedger ledger) => _ledger = ledger;

    [Fact]
    public async Task ExecuteAsync_ReportsErrorBitsAndReturnCode()
    {
        using var client = _ledger.Track(TestClient.Create());
        var good = new ScriptedDevice("good", 64);
        var bad = new ScriptedDevice("bad", 64) { Fail = _ => BlkStatus.IoError };

        DmIoResult result = await Bounded.Wait(client.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            new[] { new IoRegion(good, 0, 8), new IoRegion(bad, 0, 8) }), "a two-region write on inline devices to complete");

        Assert.Equal(new DmIoResult(-Errno.EIO, 0b10), result);
        Assert.True(result.RegionFailed(1));
        Assert.False(result.RegionFailed(0));
    }

    [Fact]
    public async Task ExecuteAsync_WithExhaustedPool_WaitsWithoutBlockingAThread()
    {
        var client = _ledger.Track(TestClient.WithIoCapacity(1)); // no using: a refused dispose would hide which wait failed
        var dev = new ScriptedDevice("d", 64) { Queued = true };
        Task<DmIoResult> first = client.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new[] { new IoRegion(dev, 0, 1) });

        // The pool is empty now: the second call must return a pending Task at once, not block this thread.
        Task<DmIoResult> second = client.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new[] { new IoRegion(dev, 1, 1) });
        Assert.False(second.IsCompleted);
        Assert.Equal(1, dev.PendingCount);

        dev.CompleteNext();
        Assert.Equal(new DmIoResult(0, 0), await Bounded.Wait(first, "the first request to complete once its bio did"));
        await Bounded.Wait(dev.WhenSubmitted(2), "the queued second request to start when the first returned its io");
        dev.CompleteNext();
        Assert.Equal(new DmIoResult(0, 0), await Bounded.Wait(second, "the second request to complete once its bio did"));
        Assert.Equal(1, client.FreeIos);
    }

    [Fact]
    public async Task ExecuteAsync_ReadWithTwoRegions_CompletesWithEioAndIssuesNothing()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64);

        DmIoResult result = await Bounded.Wait(client.ExecuteAsync(BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            new[] { new IoRegion(dev, 0, 8), new IoRegion(dev, 8, 8) }), "a refused two-region read to complete");

        Assert.Equal(new DmIoResult(-Errno.EIO, 0), result);
        Assert.Empty(dev.Submitted);
    }
}
