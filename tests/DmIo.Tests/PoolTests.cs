using DmIo.Tests.Reliability;
using System.Collections.Concurrent;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.10: the legacy global pool, client pools, and backpressure when a pool is exhausted.</summary>
public sealed class PoolTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public PoolTests(ResourceLedger ledger) => _ledger = ledger;

    [Fact]
    public void DmIoGet_GrowsThePoolByFourIosPerPage_AndPutShrinksIt()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));

        legacy.Get(2);
        Assert.Equal(8, legacy.IoCapacity);
        Assert.Equal(8, legacy.Client!.IoCapacity);
        legacy.Get(3);
        Assert.Equal(20, legacy.IoCapacity);
        Assert.Equal(20, legacy.Client!.FreeIos);
        legacy.Put(1);
        Assert.Equal(16, legacy.IoCapacity);
        Assert.Equal(16, legacy.Client!.FreeIos);
    }

    [Fact]
    public void DmIoPut_ReachingZero_DestroysThePool()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(2);
        DmIoClient client = legacy.Client!;

        legacy.Put(2);

        Assert.Equal(0, legacy.IoCapacity);
        Assert.Null(legacy.Client);
        Assert.True(client.IsDisposed);
        var dev = new ScriptedDevice("d", 64);
        ulong bits = 0;
        Assert.Throws<InvalidOperationException>(() => legacy.SyncVm([new IoRegion(dev, 0, 8)], BioOperation.Write, new VmBuffer(new byte[4096]), ref bits));
        Assert.Empty(dev.Submitted);
    }

    [Fact]
    public void DmIoPut_MoreThanWasGot_ThrowsAndLeavesThePoolAsItWas()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(1);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => legacy.Put(2));

        Assert.Equal("pages", ex.ParamName);
        Assert.Equal(4, legacy.IoCapacity);
        Assert.Equal(4, legacy.Client!.FreeIos);
    }

    [Fact]
    public void DmIoPut_ToZeroWhileRequestsAreInFlight_ThrowsAndChangesNothing()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(1);
        var dev = new ScriptedDevice("d", 64) { Queued = true };
        var probe = new CallbackProbe();
        legacy.AsyncVm([new IoRegion(dev, 0, 8)], BioOperation.Write, new VmBuffer(new byte[4096]), probe.Notify, null);

        Assert.Throws<InvalidOperationException>(() => legacy.Put(1));

        Assert.Equal(4, legacy.IoCapacity);
        dev.DrainCompletions();
        Assert.Equal(1, probe.Calls);
        legacy.Put(1);
        Assert.Null(legacy.Client);
    }

    [Fact]
    public void Client_ResizeWhileIosAreOutstanding_DropsThemAsTheyReturn()
    {
        using var client = _ledger.Track(TestClient.Create(pages: 2));
        var dev = new ScriptedDevice("d", 64) { Queued = true };
        var probes = Enumerable.Range(0, 6).Select(_ => Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new IoRegion(dev, 0, 1))).ToList();
        Assert.Equal(6, client.OutstandingIos);

        client.Resize(pages: 1);
        Assert.Equal(4, client.IoCapacity);
        Assert.Equal(0, client.FreeIos);
        dev.DrainCompletions();

        Assert.All(probes, p => Assert.Equal(1, p.Calls));
        Assert.Equal(0, client.OutstandingIos);
        Assert.Equal(4, client.FreeIos);
    }

    [Fact]
    public void ExhaustedPool_AsyncSubmitterWaitsThroughTheScheduler_AndNeverExceedsCapacity()
    {
        var scheduler = new SimulatedScheduler(seed: 3);
        using var client = _ledger.Track(DmIoClient.CreateWithIoCapacity(2, scheduler));
        var dev = new ScriptedDevice("d", 4096) { Delayed = (scheduler, 1_000_000) };
        var probes = new List<CallbackProbe>();
        int maxOutstanding = 0;

        for (int i = 0; i < 10; i++)
        {
            probes.Add(Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, i * 8, 8)));
            maxOutstanding = Math.Max(maxOutstanding, client.OutstandingIos);
        }

        scheduler.RunUntilIdle();
        Assert.All(probes, p => Assert.Equal(1, p.Calls));
        Assert.All(probes, p => Assert.Equal(0, p.ReturnCode));
        Assert.Equal(2, maxOutstanding);
        Assert.True(dev.MaxInFlightSeen <= 2, $"device saw {dev.MaxInFlightSeen} bios in flight with a 2-io pool");
        Assert.Equal(5_000_000, scheduler.NowNanoseconds); // 10 requests, 2 at a time, 1 ms each
        Assert.Equal(2, client.FreeIos);
    }

    [Fact]
    public void ExhaustedPool_ManyThreads_EveryCallbackRunsOnce_AndPoolReturnsToFull()
    {
        var scheduler = new RealTimeScheduler { WaitTimeout = TimeSpan.FromSeconds(30) };
        var client = _ledger.Track(DmIoClient.CreateWithIoCapacity(3, scheduler)); // no using: a refused dispose would hide which wait failed
        var dev = new ScriptedDevice("d", 1 << 16) { Delayed = (scheduler, 0) };
        var calls = new ConcurrentDictionary<int, int>();
        const int threads = 4, perThread = 250;
        using var allCalledBack = new CountdownEvent(threads * perThread); // signalled by each request's first callback

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int i = 0; i < perThread; i++)
            {
                int id = (t * perThread) + i;
                var request = new DmIoRequest
                {
                    Operation = BioOperation.Write,
                    Memory = DmIoMemory.FromVm(new VmBuffer(new byte[1024])),
                    Client = client,
                    Context = id,
                    Notify = (bits, ctx) =>
                    {
                        if (calls.AddOrUpdate((int)ctx!, 1, (_, n) => n + 1) == 1)
                        {
                            allCalledBack.Signal();
                        }
                    },
                };
                Assert.Equal(0, DmIoEngine.Execute(request, [new IoRegion(dev, id * 2, 2), new IoRegion(dev, (id * 2) + 4096, 2)]));
            }
        });

        Bounded.Block(allCalledBack, $"a callback from each of {threads * perThread} requests ({calls.Count} so far)");
        Assert.Equal(threads * perThread, calls.Count);
        Assert.Equal(0, client.OutstandingIos); // each io went back before its callback ran
        Assert.All(calls, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(3, client.FreeIos);
        Assert.Equal(0, client.OutstandingBios);
    }

    [Fact]
    public void Client_DisposeWhileRequestsAreInFlight_ThrowsAndTheClientStillWorks()
    {
        var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64) { Queued = true };
        CallbackProbe probe = Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new IoRegion(dev, 0, 1));

        Assert.Throws<InvalidOperationException>(client.Dispose);
        Assert.False(client.IsDisposed);

        dev.DrainCompletions();
        Assert.Equal(1, probe.Calls);
        client.Dispose();
        Assert.True(client.IsDisposed);
    }
}
