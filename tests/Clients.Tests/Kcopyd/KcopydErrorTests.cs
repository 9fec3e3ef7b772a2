using DmIo.Clients.Kcopyd;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// Error bits as 6.12's <c>complete_io</c> and <c>segment_complete</c> accumulate them: a read error as a flag, one write
/// bit per destination; without IgnoreError no new chunk starts after an error, but the chunks already in flight
/// (at most <c>SPLIT_COUNT</c> = 8) finish. Every device here completes inline, so all eight chunks of the first
/// round are written before any completion is seen.
/// </summary>
public sealed class KcopydErrorTests
{
    private const long Sectors = 20 * 1024; // 20 chunks: more than one round of eight sub-jobs

    [Fact]
    public void Copy_WithIgnoreError_SetsOnlyTheFailingDestinationsBitAndTheOthersGetEveryByte()
    {
        var bench = new KcopydRig(seed: 5);
        byte[] source = bench.RandomMemory("src", Sectors);
        var a = bench.Memory("a", Sectors);
        bench.Table("bad", $"0 {Sectors} error");
        var c = bench.Memory("c", Sectors);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, Sectors),
            [new IoRegion(a, 0, Sectors), new IoRegion(bench.Device("bad"), 0, Sectors), new IoRegion(c, 0, Sectors)],
            KcopydFlags.IgnoreError, bench.Notify);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 0b010UL), (callback.ReadError, callback.WriteErrors));
        KcopydRig.SameBytes(source, KcopydRig.Contents(a, 0, Sectors), "destination 0");
        KcopydRig.SameBytes(source, KcopydRig.Contents(c, 0, Sectors), "destination 2");
    }

    [Fact]
    public void Copy_WithoutIgnoreError_StopsAfterTheChunksAlreadyInFlight()
    {
        var bench = new KcopydRig(seed: 5);
        byte[] source = bench.RandomMemory("src", Sectors);
        var a = bench.Memory("a", Sectors, fill: 0xEE);
        bench.Table("bad", $"0 {Sectors} error");

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, Sectors),
            [new IoRegion(bench.Device("bad"), 0, Sectors), new IoRegion(a, 0, Sectors)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 0b01UL), (callback.ReadError, callback.WriteErrors));
        // The eight sub-jobs started by split_job each wrote their chunk; none was given another after the error.
        KcopydRig.SameBytes(source.AsSpan(0, 8 * 1024 << 9), KcopydRig.Contents(a, 0, 8 * 1024), "the first eight chunks");
        KcopydRig.AllBytes(KcopydRig.Contents(a, 8 * 1024, Sectors - (8 * 1024)), 0xEE, "the chunks never started");
        Assert.Equal(0, bench.Client.JobsInFlight);
    }

    [Fact]
    public void Copy_WithoutIgnoreError_AFailedReadWritesNothingForItsChunk()
    {
        var bench = new KcopydRig(seed: 9);
        byte[] data = bench.RandomMemory("mem", 3072);
        bench.Table("src", "0 1024 linear mem 0\n1024 1024 error\n2048 1024 linear mem 2048");
        var destination = bench.Memory("dst", 3072, fill: 0xEE);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 3072), [new IoRegion(destination, 0, 3072)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((true, 0UL), (callback.ReadError, callback.WriteErrors));
        KcopydRig.SameBytes(data.AsSpan(0, 1024 << 9), KcopydRig.Contents(destination, 0, 1024), "chunk 0");
        KcopydRig.AllBytes(KcopydRig.Contents(destination, 1024, 1024), 0xEE, "chunk 1, whose read failed");
        KcopydRig.SameBytes(data.AsSpan(2048 << 9, 1024 << 9), KcopydRig.Contents(destination, 2048, 1024), "chunk 2");
    }

    [Fact]
    public void Copy_WithIgnoreError_AFailedReadStillWritesWhatTheReadLeftInThePages()
    {
        // complete_io turns a failed read into a write when errors are ignored. The dm table device hands the error
        // segment one piece, and dm-io's endio zero-fills a failed read from the bio's iterator: the chunk arrives as zeroes.
        var bench = new KcopydRig(seed: 9);
        byte[] data = bench.RandomMemory("mem", 3072);
        bench.Table("src", "0 1024 linear mem 0\n1024 1024 error\n2048 1024 linear mem 2048");
        var destination = bench.Memory("dst", 3072, fill: 0xEE);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 3072), [new IoRegion(destination, 0, 3072)], KcopydFlags.IgnoreError, bench.Notify);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((true, 0UL), (callback.ReadError, callback.WriteErrors));
        KcopydRig.AllBytes(KcopydRig.Contents(destination, 1024, 1024), 0x00, "chunk 1, whose read failed");
        KcopydRig.SameBytes(data.AsSpan(2048 << 9, 1024 << 9), KcopydRig.Contents(destination, 2048, 1024), "chunk 2");
    }

    [Fact]
    public void Copy_SmallJobWithAFailingDestination_CallsBackOnceWithItsBit()
    {
        var bench = new KcopydRig();
        bench.RandomMemory("src", 64);
        var a = bench.Memory("a", 64);
        bench.Table("bad", "0 64 error");

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 64), [new IoRegion(a, 0, 64), new IoRegion(bench.Device("bad"), 0, 64)],
            KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        Assert.Equal((false, 0b10UL), (callback.ReadError, callback.WriteErrors));
    }
}
