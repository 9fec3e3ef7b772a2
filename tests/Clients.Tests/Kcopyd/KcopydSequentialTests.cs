using DmIo.Clients.Kcopyd;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// DM_KCOPYD_WRITE_SEQ as 6.12 runs it: <c>pop_io_job</c> only lets the write at the master's write offset go, errors
/// cannot be ignored, and <c>run_io_job</c> refuses every later part once the master has a write error.
/// </summary>
public sealed class KcopydSequentialTests
{
    // Chunk 0's read waits 500 ms in a delay segment; chunks 1 and 2 read at once.
    private const string SlowFirstChunk = "0 1024 delay m0 0 500\n1024 2048 linear m0 1024";

    [Fact]
    public void Copy_WithoutWriteSequential_WritesChunksAsTheirReadsFinish()
    {
        var (bench, destination) = CopyWithSlowFirstChunk(KcopydFlags.None);

        Assert.Equal([1024L, 2048L, 0L], destination.Bios.Select(b => b.Sector));
        Assert.Equal((false, 0UL), (bench.SingleCallback().ReadError, bench.SingleCallback().WriteErrors));
    }

    [Fact]
    public void Copy_WithWriteSequential_WritesChunksInAscendingOrder()
    {
        var (bench, destination) = CopyWithSlowFirstChunk(KcopydFlags.WriteSequential);

        Assert.Equal([0L, 1024L, 2048L], destination.Bios.Select(b => b.Sector));
        Assert.Equal((false, 0UL), (bench.SingleCallback().ReadError, bench.SingleCallback().WriteErrors));
    }

    [Fact]
    public void Copy_WithWriteSequential_IgnoreErrorIsClearedAndTheJobStopsAtTheFirstRound()
    {
        var bench = new KcopydRig(seed: 2);
        const long sectors = 20 * 1024;
        byte[] source = bench.RandomMemory("src", sectors);
        bench.Table("bad", $"0 {sectors} error");
        var good = bench.Memory("good", sectors, fill: 0xEE);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, sectors),
            [new IoRegion(bench.Device("bad"), 0, sectors), new IoRegion(good, 0, sectors)],
            KcopydFlags.WriteSequential | KcopydFlags.IgnoreError, bench.Notify);
        bench.RunToIdle();

        Assert.Equal((false, 0b01UL), (bench.SingleCallback().ReadError, bench.SingleCallback().WriteErrors));
        KcopydRig.SameBytes(source.AsSpan(0, 8 * 1024 << 9), KcopydRig.Contents(good, 0, 8 * 1024), "the first eight chunks");
        KcopydRig.AllBytes(KcopydRig.Contents(good, 8 * 1024, sectors - (8 * 1024)), 0xEE, "the chunks never started");
    }

    [Fact]
    public void Copy_WithWriteSequential_WritesQueuedAfterAWriteErrorAreRefusedWithEveryBitSet()
    {
        // Chunk 0's write fails on destination 0 while chunk 1's read is still waiting; the writes of chunks 2..7 queue
        // behind chunk 1's. Each later write is then refused by run_io_job (-EIO), and process_jobs marks a refused write
        // with write_err = (unsigned long)-1: the callback sees all 64 bits, and the good destination only chunk 0.
        var bench = new KcopydRig(seed: 4);
        const long sectors = 8 * 1024;
        byte[] data = bench.RandomMemory("m0", sectors);
        bench.Table("src", $"0 1024 linear m0 0\n1024 1024 delay m0 1024 500\n2048 {sectors - 2048} linear m0 2048");
        bench.Table("bad", $"0 {sectors} error");
        var good = bench.Memory("good", sectors, fill: 0xEE);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, sectors),
            [new IoRegion(bench.Device("bad"), 0, sectors), new IoRegion(good, 0, sectors)], KcopydFlags.WriteSequential, bench.Notify);
        bench.RunToIdle();

        Assert.Equal((false, ulong.MaxValue), (bench.SingleCallback().ReadError, bench.SingleCallback().WriteErrors));
        KcopydRig.SameBytes(data.AsSpan(0, 1024 << 9), KcopydRig.Contents(good, 0, 1024), "chunk 0");
        KcopydRig.AllBytes(KcopydRig.Contents(good, 1024, sectors - 1024), 0xEE, "the refused chunks");
    }

    [Fact]
    public void Copy_WithWriteSequential_AReadErrorOnChunkZeroLeavesTheJobInFlightForever()
    {
        // A 6.12 fact, reproduced on purpose: chunk 0's read fails, so its write is never popped and the master's write
        // offset never moves past 0. Chunks 1 and 2 read fine and their writes wait in io_jobs for offset 1024 and 2048
        // forever; the master never completes and no callback comes. Nothing is written.
        var bench = new KcopydRig();
        bench.Memory("m0", 3072);
        bench.Table("src", "0 1024 error\n1024 2048 linear m0 1024");
        var destination = new RecordingDevice("dst", 3072);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 3072), [new IoRegion(destination, 0, 3072)], KcopydFlags.WriteSequential, bench.Notify);
        bench.Scheduler.RunUntilIdle();

        Assert.Empty(bench.Callbacks);
        Assert.Empty(destination.Bios);
        Assert.Equal(3, bench.Client.JobsInFlight); // the master and the two stranded sub-jobs
        Assert.Throws<InvalidOperationException>(bench.Client.Dispose);
    }

    private static (KcopydRig Bench, RecordingDevice Destination) CopyWithSlowFirstChunk(KcopydFlags flags)
    {
        var bench = new KcopydRig();
        bench.RandomMemory("m0", 3072);
        bench.Table("src", SlowFirstChunk);
        var destination = new RecordingDevice("dst", 3072);

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 3072), [new IoRegion(destination, 0, 3072)], flags, bench.Notify);
        bench.RunToIdle();
        return (bench, destination);
    }
}
