using DmIo.Clients.Kcopyd;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// 6.12 reserves one sub-job's worth of pages per client (512 KiB = 128 pages) and takes pages from the system first;
/// when the system has none and the reserve is in use, a sub-job waits in the pages list for a finished one.
/// </summary>
public sealed class KcopydPageReserveTests
{
    private const long Millisecond = 1_000_000;

    [Fact]
    public void Create_ReservesOneSubJobOfPages()
    {
        using KcopydClient client = KcopydClient.Create(new SimulatedScheduler());

        Assert.Equal((128, 128, 0), (client.ReservedPages, client.FreeReservedPages, client.SystemPagesInUse));
    }

    [Fact]
    public void Copy_WithSystemPages_RunsItsThreeChunksTogether()
    {
        var bench = CopyThreeChunksThroughOneSecondDelays(systemPagesExhausted: false);

        Assert.Equal(2000 * Millisecond, bench.SingleCallback().AtNanoseconds);
    }

    [Fact]
    public void Copy_OnTheReserveAlone_RunsOneChunkAtATimeAndGivesThePagesBack()
    {
        var bench = CopyThreeChunksThroughOneSecondDelays(systemPagesExhausted: true);

        Assert.Equal(3 * 2000 * Millisecond, bench.SingleCallback().AtNanoseconds);
        Assert.Equal((128, 0), (bench.Client.FreeReservedPages, bench.Client.SystemPagesInUse));
    }

    private static KcopydRig CopyThreeChunksThroughOneSecondDelays(bool systemPagesExhausted)
    {
        var bench = new KcopydRig();
        bench.Client.SystemPagesExhausted = systemPagesExhausted;
        byte[] data = bench.RandomMemory("m0", 3072);
        var m1 = bench.Memory("m1", 3072);
        bench.Table("src", "0 3072 delay m0 0 1000");
        bench.Table("dst", "0 3072 delay m1 0 1000");

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 3072), [new IoRegion(bench.Device("dst"), 0, 3072)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        Assert.Equal((false, 0UL), (bench.SingleCallback().ReadError, bench.SingleCallback().WriteErrors));
        KcopydRig.SameBytes(data, KcopydRig.Contents(m1, 0, 3072), "destination");
        return bench;
    }
}
