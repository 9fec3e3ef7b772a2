using DmIo.Clients.Kcopyd;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// Zero jobs as 6.12's <c>dm_kcopyd_copy</c> builds them with no source: REQ_OP_WRITE_ZEROES when every destination
/// has a write-zeroes limit, otherwise plain writes from the shared zero page; no fallback once issued.
/// </summary>
public sealed class KcopydZeroTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(1024)]
    [InlineData(2 * 1024 + 9)]
    public void Zero_OnRamDisks_ZeroesEveryDestination(long sectors)
    {
        var bench = new KcopydRig();
        var a = bench.Memory("a", sectors + 16, fill: 0xFF);
        var b = bench.Memory("b", sectors + 16, fill: 0xFF);

        bench.Client.Zero([new IoRegion(a, 8, sectors), new IoRegion(b, 0, sectors)], KcopydFlags.None, bench.Notify, "z");
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 0UL, (object?)"z"), (callback.ReadError, callback.WriteErrors, callback.Context));
        KcopydRig.AllBytes(KcopydRig.Contents(a, 8, sectors), 0x00, "destination a");
        KcopydRig.AllBytes(KcopydRig.Contents(b, 0, sectors), 0x00, "destination b");
        KcopydRig.AllBytes(KcopydRig.Contents(a, 0, 8), 0xFF, "before destination a");
        KcopydRig.AllBytes(KcopydRig.Contents(b, sectors, 16), 0xFF, "after destination b");
    }

    [Fact]
    public void Zero_WhenEveryDestinationSupportsWriteZeroes_IssuesWriteZeroes()
    {
        var bench = new KcopydRig();
        var a = new RecordingDevice("a", 4096, QueueLimits.Default);
        var b = new RecordingDevice("b", 4096, QueueLimits.Default);
        a.Data.Fill(0xFF);
        b.Data.Fill(0xFF);

        bench.Client.Zero([new IoRegion(a, 0, 1500), new IoRegion(b, 100, 1500)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        bench.SingleCallback();
        Assert.Equal(["write_zeroes 0+1024", "write_zeroes 1024+476"], Describe(a.Bios));
        Assert.Equal(["write_zeroes 100+1024", "write_zeroes 1124+476"], Describe(b.Bios));
        KcopydRig.AllBytes(a.Data[..(1500 << 9)], 0x00, "destination a");
    }

    [Fact]
    public void Zero_WhenOneDestinationLacksWriteZeroes_WritesTheZeroPageToAll()
    {
        var bench = new KcopydRig();
        var a = new RecordingDevice("a", 4096, QueueLimits.Default);
        var b = new RecordingDevice("b", 4096, QueueLimits.Brd); // brd: no write-zeroes
        a.Data.Fill(0xFF);
        b.Data.Fill(0xFF);

        bench.Client.Zero([new IoRegion(a, 0, 1500), new IoRegion(b, 0, 1500)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        bench.SingleCallback();
        Assert.Equal(["write 0+1024", "write 1024+476"], Describe(a.Bios));
        Assert.Equal(["write 0+1024", "write 1024+476"], Describe(b.Bios));
        KcopydRig.AllBytes(a.Data[..(1500 << 9)], 0x00, "destination a");
        KcopydRig.AllBytes(b.Data[..(1500 << 9)], 0x00, "destination b");
        KcopydRig.AllBytes(b.Data[(1500 << 9)..], 0xFF, "past destination b");
    }

    private static string[] Describe(IReadOnlyList<RecordedBio> bios) =>
        bios.Select(b => $"{b.Operation.ToShortName()} {b.Sector}+{b.Sectors}").Order(StringComparer.Ordinal).ToArray();
}
