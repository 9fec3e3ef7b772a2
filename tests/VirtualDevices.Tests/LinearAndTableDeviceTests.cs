using DmIo.VirtualDevices.Tables;
using DmIo.VirtualDevices.Tests.Harness;

namespace DmIo.VirtualDevices.Tests;

/// <summary>Linear windows and table routing, checked on the devices underneath.</summary>
public sealed class LinearAndTableDeviceTests
{
    [Fact]
    public void Linear_WriteAtSectorZero_LandsAtTheWindowOffsetBelow()
    {
        var lower = new MemoryDevice("lower", 4096);
        var linear = new LinearDevice("lin", lower, offsetSectors: 1000, lengthSectors: 2048);
        byte[] data = new byte[1024];
        data.AsSpan().Fill(0x77);

        Assert.Equal(BlkStatus.Ok, Run(linear, BioOperation.Write, 0, data));

        byte[] below = new byte[1536];
        lower.ReadDirect(999, below);
        Assert.Equal(new byte[512], below[..512]);   // sector 999: untouched
        Assert.Equal(data, below[512..]);            // sectors 1000..1001: the write
    }

    [Fact]
    public void Linear_WindowPastTheLowerDevice_IsRejected()
    {
        var lower = new MemoryDevice("lower", 4096);
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new LinearDevice("lin", lower, 3000, 2048));
        Assert.Equal("offsetSectors", e.ParamName);
    }

    [Fact]
    public void Table_BioAcrossASegmentBoundary_IsSplitAndEachPartLandsInItsSegment()
    {
        var a = new MemoryDevice("a", 1024);
        var b = new MemoryDevice("b", 1024);
        var table = new TableDevice("t", [new(0, 1024, a), new(1024, 1024, b)]);
        byte[] data = new byte[4 * 512];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i / 512 + 1);
        }

        Assert.Equal(BlkStatus.Ok, Run(table, BioOperation.Write, 1022, data)); // sectors 1022..1025

        byte[] tailOfA = new byte[1024];
        byte[] headOfB = new byte[1024];
        a.ReadDirect(1022, tailOfA);
        b.ReadDirect(0, headOfB);
        Assert.Equal(data[..1024], tailOfA);
        Assert.Equal(data[1024..], headOfB);
        Assert.Equal(1, a.BiosSubmitted);
        Assert.Equal(1, b.BiosSubmitted);
    }

    [Fact]
    public void Table_WriteHittingAnErrorSegment_CompletesOnceWithIoError_AndTheHealthyPartIsWritten()
    {
        var a = new MemoryDevice("a", 1024);
        var table = new TableDevice("t", [new(0, 1024, a), new(1024, 1024, new ErrorDevice("dead", 1024))]);
        byte[] data = new byte[2 * 512];
        data.AsSpan().Fill(9);
        int completions = 0;
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 1023, new BioEndIoAction(_ => completions++));
        bio.TryAddSegment(data);

        BlockLayer.Submit(table, bio);

        Assert.Equal(1, completions);
        Assert.Equal(BlkStatus.IoError, bio.Status);
        byte[] last = new byte[512];
        a.ReadDirect(1023, last);
        Assert.All(last, b => Assert.Equal(9, b));
    }

    [Theory]
    [InlineData(BlkStatus.IoError, BlkStatus.Medium)]
    [InlineData(BlkStatus.Medium, BlkStatus.IoError)]
    public void Table_BioFailingDifferentlyInTwoSegments_KeepsTheLastPieceFailureHeard_AsDmIoCompleteDoes(BlkStatus first, BlkStatus second)
    {
        // Both pieces complete inline in sector order. 6.12's dm_io_complete sets the original's bi_status from each
        // failed piece in turn (bio->bi_status = io_error), so the second failure heard replaces the first.
        var table = new TableDevice("t", [new(0, 1024, new FixedStatusDevice("x", 1024, first)), new(1024, 1024, new FixedStatusDevice("y", 1024, second))]);
        var bio = new Bio();
        bio.Init(BioOperation.Read, BioFlags.None, 1016, new BioEndIoAction(_ => { }));
        bio.TryAddSegment(new byte[16 * 512]);

        BlockLayer.Submit(table, bio);

        Assert.Equal(second, bio.Status);
    }

    [Fact]
    public void Table_WithAGap_IsRejected()
    {
        var a = new MemoryDevice("a", 1024);
        var b = new MemoryDevice("b", 1024);
        ArgumentException e = Assert.Throws<ArgumentException>(() => new TableDevice("t", [new(0, 1024, a), new(1032, 1024, b)]));
        Assert.Equal("segments", e.ParamName);
    }

    [Fact]
    public void EmptyPreflush_OnAStack_ReachesEveryCachedLeafOnce()
    {
        var cached = QueueLimits.Default with { VolatileWriteCache = true };
        var a = new MemoryDevice("a", 1024, cached);
        var b = new MemoryDevice("b", 1024, cached);
        var c = new MemoryDevice("c", 1024); // no cache: the block layer completes the flush without it
        var striped = new StripedDevice("s", [new(a, 0), new(b, 0)], 8, 2048);
        var table = new TableDevice("t", [new(0, 2048, striped), new(2048, 1024, c)]);
        int completions = 0;
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.Preflush, 0, new BioEndIoAction(_ => completions++));

        BlockLayer.Submit(table, bio);

        Assert.Equal(1, completions);
        Assert.Equal(BlkStatus.Ok, bio.Status);
        Assert.Equal([1L, 1L, 0L], new[] { a.BiosSubmitted, b.BiosSubmitted, c.BiosSubmitted });
    }

    private static BlkStatus Run(IBlockDevice device, BioOperation operation, long sector, byte[] data)
    {
        var bio = new Bio();
        bio.Init(operation, BioFlags.None, sector, new BioEndIoAction(_ => { }));
        Assert.True(bio.TryAddSegment(data));
        BlockLayer.Submit(device, bio);
        Assert.True(bio.IsCompleted);
        return bio.Status;
    }
}
