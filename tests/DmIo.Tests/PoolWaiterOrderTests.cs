using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>
/// Requests waiting on an exhausted pool through the Task API start in the order they queued: growing the pool
/// (client Resize, ResizeIoCapacity, legacy Get) hands the new io objects to the oldest waiters first, and a request
/// that arrives while older ones are still queued, async or not, waits behind them. Each request writes one sector
/// of its own on a device that holds every bio, so the order bios reach the device is the order requests started.
/// Clients are not disposed with <c>using</c>: on a failure, a dispose refused over stuck requests would replace the
/// message saying which request never started; the ledger checks the pools instead.
/// </summary>
public sealed class PoolWaiterOrderTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public PoolWaiterOrderTests(ResourceLedger ledger) => _ledger = ledger;

    [Fact]
    public async Task ResizeIoCapacity_GrowingAnExhaustedPool_StartsQueuedAsyncRequestsOldestFirst()
    {
        DmIoClient client = _ledger.Track(TestClient.WithIoCapacity(2));
        var held = new ScriptedDevice("held", 64) { Queued = true };
        Task<DmIoResult>[] inFlight = [Write(client, held, 0), Write(client, held, 1)];
        Task<DmIoResult> a = Write(client, held, 10);
        Task<DmIoResult> b = Write(client, held, 11);
        Assert.Equal(2, held.Submitted.Count); // A and B wait for an io object

        client.ResizeIoCapacity(3);
        await Bounded.Wait(held.WhenSubmitted(3), "queued request A (sector 10) to start after the pool grew from 2 to 3 ios");
        client.ResizeIoCapacity(4);
        await Bounded.Wait(held.WhenSubmitted(4), "queued request B (sector 11) to start after the pool grew from 3 to 4 ios");

        Assert.Equal([0L, 1L, 10L, 11L], held.Submitted.Select(r => r.Sector));
        await DrainAndCheck(held, [.. inFlight, a, b]);
        Assert.Equal((4, 4), (client.IoCapacity, client.FreeIos));
    }

    [Fact]
    public async Task Resize_ByAPage_StartsTheFourOldestQueuedRequests_AndReturnsServeTheRestInOrder()
    {
        DmIoClient client = _ledger.Track(TestClient.Create(pages: 1));
        var held = new ScriptedDevice("held", 64) { Queued = true };
        List<Task<DmIoResult>> requests = [.. Enumerable.Range(0, 4).Select(i => Write(client, held, i))];
        requests.AddRange(Enumerable.Range(10, 6).Select(sector => Write(client, held, sector))); // six waiters, sectors 10..15
        Assert.Equal(4, held.Submitted.Count);

        client.Resize(pages: 2); // four new io objects

        await Bounded.Wait(held.WhenSubmitted(8), "the four oldest queued requests (sectors 10..13) to start after Resize(1 -> 2 pages)");
        Assert.Equal([0L, 1L, 2L, 3L, 10L, 11L, 12L, 13L], held.Submitted.Select(r => r.Sector).Order()); // they run concurrently
        held.CompleteNext(); // the request on sector 0 finishes: its io goes to the oldest waiter left
        await Bounded.Wait(held.WhenSubmitted(9), "queued request on sector 14 to start when the request on sector 0 returned its io");
        held.CompleteNext();
        await Bounded.Wait(held.WhenSubmitted(10), "queued request on sector 15 to start when the request on sector 1 returned its io");

        Assert.Equal([14L, 15L], held.Submitted.Skip(8).Select(r => r.Sector));
        await DrainAndCheck(held, requests);
        Assert.Equal((8, 8), (client.IoCapacity, client.FreeIos));
    }

    [Fact]
    public async Task AsyncRequest_ArrivingAfterAGrow_DoesNotOvertakeOlderQueuedRequests()
    {
        DmIoClient client = _ledger.Track(TestClient.WithIoCapacity(1));
        var held = new ScriptedDevice("held", 64) { Queued = true };
        Task<DmIoResult> x = Write(client, held, 0);
        Task<DmIoResult> a = Write(client, held, 10);
        Task<DmIoResult> b = Write(client, held, 11);

        client.ResizeIoCapacity(2);              // one new io: A's
        Task<DmIoResult> c = Write(client, held, 12); // B still waits, so the newcomer C queues behind it

        await Bounded.Wait(held.WhenSubmitted(2), "a second bio after the pool grew from 1 to 2 ios");
        Assert.True(held.Submitted[1].Sector == 10, $"the grow's io went to sector {held.Submitted[1].Sector}, expected queued request A (sector 10); 12 is the newcomer C overtaking A and B");
        held.CompleteNext(); // X returns its io: B is older than C
        await Bounded.Wait(held.WhenSubmitted(3), "a third bio after the request on sector 0 returned its io");
        held.CompleteNext(); // A returns its io: C's turn
        await Bounded.Wait(held.WhenSubmitted(4), "a fourth bio after the request on sector 10 returned its io");

        Assert.Equal([0L, 10L, 11L, 12L], held.Submitted.Select(r => r.Sector));
        await DrainAndCheck(held, [x, a, b, c]);
    }

    [Fact]
    public async Task CallbackRequest_ArrivingWhileAsyncRequestsAreQueued_WaitsBehindThem()
    {
        DmIoClient client = _ledger.Track(TestClient.WithIoCapacity(1));
        var held = new ScriptedDevice("held", 64) { Queued = true };
        Task<DmIoResult> x = Write(client, held, 0);
        Task<DmIoResult> a = Write(client, held, 10);
        Task<DmIoResult> b = Write(client, held, 11);

        client.ResizeIoCapacity(2); // one new io: A's
        // A callback request blocks its submitting thread in the pool (TryRent through the scheduler), so give it one.
        Task<CallbackProbe> newcomer = Task.Run(() =>
            Io.Async(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new IoRegion(held, 12, 1)));

        await Bounded.Wait(held.WhenSubmitted(2), "a second bio after the pool grew from 1 to 2 ios");
        Assert.True(held.Submitted[1].Sector == 10, $"the grow's io went to sector {held.Submitted[1].Sector}, expected queued request A (sector 10); 12 is the callback newcomer overtaking A and B");
        held.CompleteNext(); // X returns its io: B is queued, the newcomer is not
        await Bounded.Wait(held.WhenSubmitted(3), "a third bio after the request on sector 0 returned its io");
        held.CompleteNext(); // A returns its io: no async waiter is left, so the blocked newcomer takes it
        await Bounded.Wait(held.WhenSubmitted(4), "the blocked callback request (sector 12) to start after the request on sector 10 returned its io");

        Assert.Equal([0L, 10L, 11L, 12L], held.Submitted.Select(r => r.Sector));
        CallbackProbe probe = await Bounded.Wait(newcomer, "the callback request's submit call to return");
        await DrainAndCheck(held, [x, a, b]);
        Assert.Equal((1, 0), (probe.Calls, probe.ReturnCode));
    }

    [Fact]
    public async Task LegacyGet_GrowingAnExhaustedPool_StartsTheOldestQueuedTaskRequests()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(1);
        var held = new ScriptedDevice("held", 64) { Queued = true };
        var probes = Enumerable.Range(0, 4).Select(_ => new CallbackProbe()).ToList();
        for (int i = 0; i < probes.Count; i++)
        {
            Assert.Equal(0, legacy.AsyncVm([new IoRegion(held, i, 1)], BioOperation.Write, new VmBuffer(new byte[512]), probes[i].Notify, null));
        }

        DmIoClient pool = legacy.Client!;
        List<Task<DmIoResult>> waiters = [.. Enumerable.Range(10, 5).Select(sector => Write(pool, held, sector))]; // sectors 10..14

        legacy.Get(1); // dm_io_get: four more io objects

        await Bounded.Wait(held.WhenSubmitted(8), "the four oldest queued requests (sectors 10..13) to start after dm_io_get(1)");
        Assert.Equal([0L, 1L, 2L, 3L, 10L, 11L, 12L, 13L], held.Submitted.Select(r => r.Sector).Order());
        held.CompleteNext();
        await Bounded.Wait(held.WhenSubmitted(9), "queued request on sector 14 to start when the request on sector 0 returned its io");
        Assert.Equal(14, held.Submitted[8].Sector);
        await DrainAndCheck(held, waiters);
        Assert.All(probes, p => Assert.Equal(1, p.Calls));
        Assert.Equal((8, 8), (legacy.IoCapacity, pool.FreeIos));
    }

    private static Task<DmIoResult> Write(DmIoClient client, ScriptedDevice device, long sector) =>
        client.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new[] { new IoRegion(device, sector, 1) });

    // Every request has reached the device by now: completes the held bios and checks each request succeeded.
    private static async Task DrainAndCheck(ScriptedDevice held, IReadOnlyList<Task<DmIoResult>> requests)
    {
        held.DrainCompletions();
        DmIoResult[] results = await Bounded.Wait(Task.WhenAll(requests), $"all {requests.Count} requests to complete");
        Assert.All(results, r => Assert.Equal(new DmIoResult(0, 0), r));
    }
}
