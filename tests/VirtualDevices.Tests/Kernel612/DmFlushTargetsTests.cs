using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests.Kernel612;

/// <summary>
/// 6.12's <c>__send_empty_flush</c> sends a PREFLUSH's empty flushes only to targets with <c>num_flush_bios</c>:
/// linear takes one, the error and zero targets take none, even when their limits carry a volatile cache.
/// </summary>
public sealed class DmFlushTargetsTests
{
    [Fact]
    public void EmptyPreflush_ToATableOfLinearAndZero_FlushesOnlyTheLinearDevice()
    {
        var cached = QueueLimits.Brd with { VolatileWriteCache = true };
        var disk = new MemoryDevice("disk", 64, cached);
        var zero = new ZeroDevice("z", 32, cached);
        var table = new TableDevice("t", [new(0, 32, new LinearDevice("l", disk, 0, 32)), new(32, 32, zero)]);
        var bio = new Bio();
        int completions = 0;
        bio.Init(BioOperation.Write, BioFlags.Preflush, 0, new BioEndIoAction(_ => completions++), vecCapacity: 0);

        BlockLayer.Submit(table, bio);

        Assert.Equal((1, BlkStatus.Ok), (completions, bio.Status));
        Assert.Equal((1L, 0L), (disk.BiosSubmitted, zero.BiosSubmitted));
    }

    [Fact]
    public void EmptyPreflush_ToATableOfLinearAndErrorOverACachedDevice_SucceedsWithoutTheErrorTargetSeeingIt()
    {
        var cached = QueueLimits.Brd with { VolatileWriteCache = true };
        var disk = new MemoryDevice("disk", 64, cached);
        var error = new ErrorDevice("e", 32, cached);
        var table = new TableDevice("t", [new(0, 32, new LinearDevice("l", disk, 0, 32)), new(32, 32, error)]);
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.Preflush, 0, new BioEndIoAction(_ => { }), vecCapacity: 0);

        BlockLayer.Submit(table, bio);

        Assert.Equal(BlkStatus.Ok, bio.Status);
        Assert.Equal((1L, 0L), (disk.BiosSubmitted, error.BiosSubmitted));
    }
}
