using DmIo.Tests.Support;

namespace DmIo.Tests.MutationGaps;

/// <summary>Client and pool contracts the mutation run showed untested: disposal, exact pool size, waking waiters, flags, Task reads.</summary>
public sealed class ClientAndPoolTests
{
    [Fact]
    public void DisposedClient_RefusesResizeAndTaskRequests()
    {
        DmIoClient client = TestClient.Create();
        client.Dispose();

        Assert.Throws<ObjectDisposedException>(() => client.Resize(2));
        Assert.Throws<ObjectDisposedException>(() => client.ResizeIoCapacity(2));
        Assert.Throws<ObjectDisposedException>(() => { _ = client.ExecuteAsync(BioOperation.Discard, BioFlags.None, DmIoMemory.None, new IoRegion[] { new(new ScriptedDevice("d", 8), 0, 8) }); });
        client.Dispose(); // a second dispose is a no-op
        Assert.True(client.IsDisposed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void NewClient_HoldsExactlyItsCapacityOfFreeIos(int capacity)
    {
        using DmIoClient client = TestClient.WithIoCapacity(capacity);
        Assert.Equal((capacity, capacity, 0), (client.IoCapacity, client.FreeIos, client.OutstandingIos));
        using DmIoClient byPages = TestClient.Create(2);
        Assert.Equal(8, byPages.FreeIos);
    }

    [Fact]
    public void PoolCap_OneMebiIosAreReachable_AndOneMoreIsRefusedChangingNothing()
    {
        // One pool at the cap (about 300 MiB of io objects) serves every boundary check, then is destroyed.
        Assert.Equal(1_048_576, DmIoClient.MaxIoCapacity);
        var legacy = new DmIoLegacy(TestClient.Scheduler);
        legacy.Get(1);
        legacy.Get(262_143); // gets add up: 4 + 1,048,572 ios is exactly the cap
        DmIoClient atCap = legacy.Client!;
        Assert.Equal((1_048_576, 1_048_576, 1_048_576), (legacy.IoCapacity, atCap.IoCapacity, atCap.FreeIos));

        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => legacy.Get(1)).ParamName);
        atCap.ResizeIoCapacity(1_048_576); // the cap itself is accepted, by pages and by ios
        atCap.Resize(262_144);
        Assert.Equal("ioCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => atCap.ResizeIoCapacity(1_048_577)).ParamName);
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => atCap.Resize(262_145)).ParamName);
        Assert.Equal((1_048_576, 1_048_576, 1_048_576), (legacy.IoCapacity, atCap.IoCapacity, atCap.FreeIos));

        legacy.Put(262_144);
        Assert.True(atCap.IsDisposed);
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => DmIoClient.Create(262_145)).ParamName);
        Assert.Equal("ioCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => DmIoClient.CreateWithIoCapacity(1_048_577)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => DmIoClient.Create(0));
    }

    [Fact]
    public async Task GrowingAnExhaustedPool_WakesTheWaitingSubmitter()
    {
        DmIoClient client = TestClient.WithIoCapacity(1); // no using: a refused dispose would hide which wait failed
        var held = new ScriptedDevice("held", 64) { Queued = true };
        CallbackProbe first = Io.Async(client, BioOperation.Discard, BioFlags.None, DmIoMemory.None, new IoRegion(held, 0, 8));
        var second = Task.Run(() => Io.Async(client, BioOperation.Discard, BioFlags.None, DmIoMemory.None, new IoRegion(held, 8, 8)));
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(200))); // the second submitter waits for a free io

        client.ResizeIoCapacity(2);

        CallbackProbe secondProbe = await Bounded.Wait(second, "the blocked callback submitter to wake after the pool grew from 1 to 2 ios");
        held.DrainCompletions();
        Assert.Equal((1, 1), (first.Calls, secondProbe.Calls));
        client.Dispose(); // both ios are back
    }

    [Fact]
    public void SyncRequest_AlreadyCarryingSync_KeepsSyncOnEveryBio()
    {
        using DmIoClient client = TestClient.Create();
        var device = new ScriptedDevice("d", 64);

        Io.Sync(client, BioOperation.Write, BioFlags.Sync | BioFlags.Meta, DmIoMemory.FromVm(new VmBuffer(new byte[8 * 512])), new IoRegion(device, 0, 8));

        BioRecord bio = Assert.Single(device.Submitted);
        Assert.Equal(BioFlags.Sync | BioFlags.Meta, bio.Flags);
    }

    [Fact]
    public async Task AsyncRequests_DoNotAddSync()
    {
        using DmIoClient client = TestClient.Create();
        var device = new ScriptedDevice("d", 64);
        byte[] buffer = new byte[8 * 512];

        CallbackProbe probe = Io.Async(client, BioOperation.Write, BioFlags.Meta, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion(device, 0, 8));
        await Bounded.Wait(client.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion[] { new(device, 8, 8) }),
            "an async write on an inline device to complete");

        Assert.Equal(1, probe.Calls);
        Assert.Equal([BioFlags.Meta, BioFlags.None], device.Submitted.Select(b => b.Flags));
    }

    [Fact]
    public async Task SyncFlag_AsyncRequestsPassTheCallersThrough_SyncRequestsAlwaysAddIt()
    {
        // 6.12 dm_io(): sync_io() calls async_io() with opf | REQ_SYNC; an async request hands async_io() the caller's
        // bi_opf untouched. So a caller's REQ_SYNC reaches every bio of an async request, and nothing adds it otherwise.
        using DmIoClient client = TestClient.Create();
        var legacy = new DmIoLegacy(TestClient.Scheduler);
        legacy.Get(1);
        var cases = new (string Label, BioFlags Passed, BioFlags Expected, Func<IoRegion[], Task> Submit)[]
        {
            ("async callback, Sync", BioFlags.Sync, BioFlags.Sync, r => Completed(Io.Async(client, BioOperation.Write, BioFlags.Sync, Memory(), r))),
            ("async callback, Sync|Meta", BioFlags.Sync | BioFlags.Meta, BioFlags.Sync | BioFlags.Meta, r => Completed(Io.Async(client, BioOperation.Write, BioFlags.Sync | BioFlags.Meta, Memory(), r))),
            ("async callback, none", BioFlags.None, BioFlags.None, r => Completed(Io.Async(client, BioOperation.Write, BioFlags.None, Memory(), r))),
            ("ExecuteAsync, Sync", BioFlags.Sync, BioFlags.Sync, r => client.ExecuteAsync(BioOperation.Write, BioFlags.Sync, Memory(), r)),
            ("ExecuteAsync, none", BioFlags.None, BioFlags.None, r => client.ExecuteAsync(BioOperation.Write, BioFlags.None, Memory(), r)),
            ("legacy AsyncVm, Sync", BioFlags.Sync, BioFlags.Sync, r => Completed(LegacyAsync(legacy, r, BioFlags.Sync))),
            ("legacy AsyncVm, none", BioFlags.None, BioFlags.None, r => Completed(LegacyAsync(legacy, r, BioFlags.None))),
            ("sync, none", BioFlags.None, BioFlags.Sync, r => { Io.Sync(client, BioOperation.Write, BioFlags.None, Memory(), r); return Task.CompletedTask; }),
            ("sync, Meta", BioFlags.Meta, BioFlags.Sync | BioFlags.Meta, r => { Io.Sync(client, BioOperation.Write, BioFlags.Meta, Memory(), r); return Task.CompletedTask; }),
        };

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var a = new ScriptedDevice("a", 64);
            var b = new ScriptedDevice("b", 64);
            await Bounded.Wait(c.Submit([new IoRegion(a, 0, 8), new IoRegion(b, 8, 8)]), $"the {c.Label} write to complete");
            BioFlags[] seen = [.. a.Submitted.Concat(b.Submitted).Select(r => r.Flags)];
            if (seen.Length != 2 || seen.Any(f => f != c.Expected))
            {
                failures.Add($"{c.Label}: passed {c.Passed}, expected {c.Expected} on both bios, got [{string.Join(", ", seen)}]");
            }
        }

        legacy.Put(1);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        static DmIoMemory Memory() => DmIoMemory.FromVm(new VmBuffer(new byte[8 * 512]));
        static Task Completed(CallbackProbe probe) =>
            probe.Calls == 1 ? Task.CompletedTask : Task.FromException(new InvalidOperationException($"{probe.Calls} callbacks after inline completion"));
    }

    private static CallbackProbe LegacyAsync(DmIoLegacy legacy, IoRegion[] regions, BioFlags flags)
    {
        var probe = new CallbackProbe();
        probe.ReturnCode = legacy.AsyncVm(regions, BioOperation.Write, new VmBuffer(new byte[8 * 512]), probe.Notify, null, flags);
        return probe;
    }

    [Fact]
    public async Task ExecuteAsync_SingleRegionRead_ReturnsTheData()
    {
        using DmIoClient client = TestClient.Create();
        var device = new ScriptedDevice("d", 64);
        device.Data[512] = 0x5A;
        byte[] buffer = new byte[8 * 512];

        DmIoResult result = await Bounded.Wait(client.ExecuteAsync(BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion[] { new(device, 0, 8) }),
            "an async read on an inline device to complete");

        Assert.Equal(new DmIoResult(0, 0), result);
        Assert.Equal(0x5A, buffer[512]);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(buffer)), Enumerable.Repeat(new IoRegion(device, 0, 1), 65).ToArray()));
    }
}
