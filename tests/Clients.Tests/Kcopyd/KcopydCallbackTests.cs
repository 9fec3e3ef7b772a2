using DmIo.Clients.Kcopyd;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary><c>dm_kcopyd_prepare_callback</c> / <c>dm_kcopyd_do_callback</c>: a callback delivered from the worker, counted as a job until it runs.</summary>
public sealed class KcopydCallbackTests
{
    [Fact]
    public void DoCallback_RunsThePreparedCallbackOnceFromTheWorkerWithTheGivenErrors()
    {
        var bench = new KcopydRig();
        KcopydCallback prepared = bench.Client.PrepareCallback(bench.Notify, "snap");
        Assert.Equal(1, bench.Client.JobsInFlight);

        bench.Client.DoCallback(prepared, readError: false, writeErrors: 1);
        Assert.Empty(bench.Callbacks); // delivered by the worker, not inline
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 1UL, (object?)"snap"), (callback.ReadError, callback.WriteErrors, callback.Context));
        var error = Assert.Throws<InvalidOperationException>(() => bench.Client.DoCallback(prepared, false, 0));
        Assert.Equal("The prepared kcopyd callback was already fired; each fires once.", error.Message);
        bench.RunToIdle();
        Assert.Single(bench.Callbacks);
    }
}
