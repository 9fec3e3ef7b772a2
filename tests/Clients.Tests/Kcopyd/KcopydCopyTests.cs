using DmIo.Clients.Kcopyd;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>Copies land byte for byte, split into 6.12's sub-jobs; malformed jobs are refused before anything is queued.</summary>
public sealed class KcopydCopyTests
{
    // 6.12: kcopyd_subjob_size_kb = 512, so a sub-job is 1024 sectors; a job of at most that runs whole.
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(3 * 1024 + 17)]
    [InlineData(11 * 1024 + 5)] // more chunks than SPLIT_COUNT (8) sub-jobs: each sub-job is reused
    public void Copy_ToTwoDestinations_EveryByteEqualsTheSource(long sectors)
    {
        var bench = new KcopydRig(seed: 3);
        byte[] source = bench.RandomMemory("src", sectors + 64);
        var a = bench.Memory("a", sectors + 64, fill: 0x5A);
        var b = bench.Memory("b", sectors + 64, fill: 0x5A);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 32, sectors), [new IoRegion(a, 0, sectors), new IoRegion(b, 64, sectors)],
            KcopydFlags.None, bench.Notify, "ctx");
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 0UL, (object?)"ctx"), (callback.ReadError, callback.WriteErrors, callback.Context));
        byte[] expected = source.AsSpan(32 << 9, (int)sectors << 9).ToArray();
        KcopydRig.SameBytes(expected, KcopydRig.Contents(a, 0, sectors), "destination a");
        KcopydRig.SameBytes(expected, KcopydRig.Contents(b, 64, sectors), "destination b");
        KcopydRig.AllBytes(KcopydRig.Contents(a, sectors, 64), 0x5A, "past the end of destination a");
        KcopydRig.AllBytes(KcopydRig.Contents(b, 0, 64), 0x5A, "before destination b");
        Assert.Equal(0, bench.Client.JobsInFlight);
    }

    [Fact]
    public void Copy_LargerThanASubJob_ReadsAndWritesChunksOf1024Sectors()
    {
        var bench = new KcopydRig();
        var source = new RecordingDevice("src", 4096);
        var destination = new RecordingDevice("dst", 4096);

        bench.Client.Copy(new IoRegion(source, 100, 2500), [new IoRegion(destination, 0, 2500)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        bench.SingleCallback();
        // 2500 sectors = 1024 + 1024 + 452; each chunk is one 128-page dm-io read, then one write of the same pages.
        Assert.Equal(["read 100+1024", "read 1124+1024", "read 2148+452"], Describe(source.Bios));
        Assert.Equal(["write 0+1024", "write 1024+1024", "write 2048+452"], Describe(destination.Bios));
    }

    [Fact]
    public void Copy_ToNineDestinations_IsRefusedWithNothingQueued()
    {
        var bench = new KcopydRig();
        var source = new RecordingDevice("src", 64);
        var destinations = Enumerable.Range(0, 9).Select(i => new RecordingDevice($"d{i}", 64)).ToArray();
        IoRegion[] regions = destinations.Select(d => new IoRegion(d, 0, 8)).ToArray();

        var error = Assert.Throws<ArgumentException>(() =>
            bench.Client.Copy(new IoRegion(source, 0, 8), regions, KcopydFlags.None, bench.Notify));

        Assert.Contains("at most 8 destination regions", error.Message, StringComparison.Ordinal);
        Assert.Equal("destinations", error.ParamName);
        Assert.Equal(0, bench.Scheduler.PendingEvents);
        bench.Scheduler.RunUntilIdle();
        Assert.Empty(source.Bios);
        Assert.All(destinations, d => Assert.Empty(d.Bios));
        Assert.Empty(bench.Callbacks);
        Assert.Equal(0, bench.Client.JobsInFlight);
    }

    [Fact]
    public void Copy_WithADestinationOfAnotherSize_IsRefusedWithNothingQueued()
    {
        var bench = new KcopydRig();
        var source = new RecordingDevice("src", 64);
        var destination = new RecordingDevice("dst", 64);

        var error = Assert.Throws<ArgumentException>(() =>
            bench.Client.Copy(new IoRegion(source, 0, 16), [new IoRegion(destination, 0, 16), new IoRegion(destination, 32, 8)], KcopydFlags.None, bench.Notify));

        Assert.Equal("Destination 1 has 8 sectors but the source has 16: kcopyd moves regions of one size. (Parameter 'destinations')", error.Message);
        bench.Scheduler.RunUntilIdle();
        Assert.Empty(source.Bios);
        Assert.Empty(destination.Bios);
        Assert.Equal(0, bench.Client.JobsInFlight);
    }

    [Fact]
    public void Copy_OfNoSectors_CallsBackOnceWithoutIo()
    {
        var bench = new KcopydRig();
        var source = new RecordingDevice("src", 64);
        var destination = new RecordingDevice("dst", 64);

        bench.Client.Copy(new IoRegion(source, 0, 0), [new IoRegion(destination, 0, 0)], KcopydFlags.None, bench.Notify, 7);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 0UL, (object?)7), (callback.ReadError, callback.WriteErrors, callback.Context));
        Assert.Empty(source.Bios);
        Assert.Empty(destination.Bios);
    }

    private static string[] Describe(IReadOnlyList<RecordedBio> bios) =>
        bios.Select(b => $"{b.Operation.ToShortName()} {b.Sector}+{b.Sectors}").Order(StringComparer.Ordinal).ToArray();
}
