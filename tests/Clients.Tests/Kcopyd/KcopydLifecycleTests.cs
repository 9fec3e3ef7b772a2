using DmIo.Clients.Kcopyd;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>Destroying and flushing a client: the kernel's destroy waits for jobs; here it refuses while any are in flight.</summary>
public sealed class KcopydLifecycleTests
{
    [Fact]
    public void Dispose_WithAJobInFlight_IsRefusedAndTheJobStillCompletes()
    {
        var bench = new KcopydRig();
        bench.RandomMemory("src", 64);
        var destination = bench.Memory("dst", 64);
        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 64), [new IoRegion(destination, 0, 64)], KcopydFlags.None, bench.Notify);

        var error = Assert.Throws<InvalidOperationException>(bench.Client.Dispose);

        Assert.Equal("Cannot destroy a kcopyd client with 1 job(s) in flight.", error.Message);
        bench.RunToIdle();
        bench.SingleCallback();
        bench.Client.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 64), [new IoRegion(destination, 0, 64)], KcopydFlags.None, bench.Notify));
    }

    [Fact]
    public void Flush_WithInlineDevices_ReturnsOnceTheWorkerHasRunTheJobToItsCallback()
    {
        var bench = new KcopydRig();
        bench.RandomMemory("src", 4096);
        var destination = bench.Memory("dst", 4096);
        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 4096), [new IoRegion(destination, 0, 4096)], KcopydFlags.None, bench.Notify);
        Assert.Empty(bench.Callbacks); // the worker runs from the scheduler, never inside Copy

        bench.Client.Flush();

        bench.SingleCallback();
        Assert.Equal((0, 0), (bench.Client.JobsInFlight, bench.Scheduler.PendingEvents));
    }
}
