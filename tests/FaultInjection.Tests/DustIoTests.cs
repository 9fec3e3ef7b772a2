using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// dm-dust.rst on I/O: "When the failure behavior is enabled ..., reads of blocks in the 'bad block list' will fail
/// with EIO"; "Writes of blocks in the 'bad block list' will result in the following: 1. Remove the block from the
/// 'bad block list'. 2. Successfully complete the write."; "While the device is in 'bypass' mode, reads and writes
/// will succeed". Plus the table: "&lt;device_path&gt; &lt;offset&gt; &lt;blksz&gt;" with blksz "minimum 512, maximum
/// 1073741824, must be a power of 2".
/// </summary>
public sealed class DustIoTests
{
    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _lower = new("mem0", 2048);
    private readonly FaultRecord _record = new();

    [Fact]
    public void Dust_InBypass_ReadsAndWritesOfBadBlocksSucceedAndKeepTheList()
    {
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        dust.Message("addbadblock", "60");

        Assert.Equal(BlkStatus.Ok, TestBio.Read(60, 1).SubmitTo(dust).Status);
        Assert.Equal(BlkStatus.Ok, TestBio.Write(60, Bytes.Pattern(1)).SubmitTo(dust).Status);

        Assert.Equal(1, dust.BadBlockCount); // the kernel only looks blocks up when enabled
        Assert.Equal(0, _record.Count);
    }

    [Fact]
    public void Dust_Enabled_ReadOfABadBlockFailsWithEioAndIsRecorded()
    {
        // "Enabling block read failures": dd ... skip=67 -> "Input/output error".
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        dust.Message("addbadblock", "67");
        dust.Message("enable");

        TestBio bad = TestBio.Read(67, 1, id: 11).SubmitTo(dust);
        TestBio good = TestBio.Read(66, 1, id: 12).SubmitTo(dust);

        Assert.Equal((BlkStatus.IoError, BlkStatus.Ok), (bad.Status, good.Status));
        FaultDecision decision = Assert.Single(_record.Snapshot());
        Assert.Equal((11L, BioOperation.Read, 67L, 1L, "badblock", "fail", BlkStatus.IoError),
            (decision.BioId, decision.Operation, decision.Sector, decision.Count, decision.Rule, decision.Action, decision.Status));
    }

    [Fact]
    public void Dust_Enabled_ReReadingABadBlockFailsEachTime_AndOnlyAWriteRemovesIt()
    {
        // 6.12 dust_map_read -> __dust_map_read: a read of a listed block is killed (EIO) and the list is left alone;
        // only __dust_map_write takes a block out. A dust that forgot a bad block once it was read would pass the tests above.
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        _lower.WriteDirect(40, Bytes.Pattern(1, seed: 4));
        dust.Message("addbadblock", "40");
        dust.Message("enable");

        TestBio first = TestBio.Read(40, 1, id: 1).SubmitTo(dust);
        TestBio second = TestBio.Read(40, 1, id: 2).SubmitTo(dust);

        Assert.Equal((BlkStatus.IoError, BlkStatus.IoError), (first.Status, second.Status));
        Assert.Equal("countbadblocks: 1 badblock(s) found", dust.Message("countbadblocks"));
        Assert.Equal("40\n", dust.Message("listbadblocks"));
        Assert.Equal([1L, 2L], _record.Snapshot().Select(d => d.BioId));

        byte[] data = Bytes.Pattern(1, seed: 9);
        Assert.Equal(BlkStatus.Ok, TestBio.Write(40, data, id: 3).SubmitTo(dust).Status);
        Assert.Equal("countbadblocks: 0 badblock(s) found", dust.Message("countbadblocks"));
        Assert.Equal("block 40 removed from badblocklist by write", dust.KernelLog()[^1]);

        TestBio third = TestBio.Read(40, 1, id: 4).SubmitTo(dust);
        Assert.Equal(BlkStatus.Ok, third.Status);
        Bytes.Equal(data, third.Buffer, "block 40 read back after the write that removed it");
        Assert.Equal(2, _record.Count); // the write and the last read were not failed
    }

    [Fact]
    public void Dust_Enabled_WriteOverBadBlocksRemovesThemAndSucceeds()
    {
        // "...writing to the bad blocks will remove the blocks from the list": dd of=... bs=512 count=128.
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        foreach (string block in new[] { "60", "67", "72", "87" })
        {
            dust.Message("addbadblock", block);
        }

        dust.Message("enable");
        byte[] data = Bytes.Pattern(128, seed: 6);

        TestBio write = TestBio.Write(0, data).SubmitTo(dust);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Bytes.Equal(data, Bytes.Direct(_lower, 0, 128), "128 sectors written over bad blocks");
        Assert.Equal("No blocks in badblocklist", dust.Message("listbadblocks"));
        Assert.Equal(["block 60 removed from badblocklist by write", "block 67 removed from badblocklist by write",
            "block 72 removed from badblocklist by write", "block 87 removed from badblocklist by write"], dust.KernelLog().TakeLast(4));
        Assert.Equal(BlkStatus.Ok, TestBio.Read(60, 1).SubmitTo(dust).Status);
    }

    [Fact]
    public void Dust_Enabled_ReadSpanningGoodAndBadBlocks_FailsButReadsTheGoodBlocks()
    {
        // Device-mapper splits a dust bio per block; only the bad block's piece fails, the bio reports the error.
        DustDevice dust = Dust("0 1024 dust mem0 0 4096");
        byte[] stored = Bytes.Pattern(24, seed: 8);
        _lower.WriteDirect(0, stored);
        dust.Message("addbadblock", "1");
        dust.Message("enable");

        TestBio read = TestBio.Read(0, 24, id: 3).SubmitTo(dust);

        Assert.Equal(BlkStatus.IoError, read.Status);
        Assert.Equal(1, read.Completions);
        Bytes.Equal(stored.AsSpan(0, 4096), read.Buffer.AsSpan(0, 4096), "block 0 read");
        Bytes.Equal(stored.AsSpan(8192), read.Buffer.AsSpan(8192), "block 2 read");
        Assert.Equal(new byte[4096], read.Buffer.AsSpan(4096, 4096).ToArray());
        FaultDecision decision = Assert.Single(_record.Snapshot());
        Assert.Equal((8L, 8L), (decision.Sector, decision.Count));
    }

    [Fact]
    public void Dust_WriteFailCount_FailsThatManyWritesThenRemapsTheBlock()
    {
        // dust_message's three-argument form: addbadblock <blk> <wr_fail_cnt>.
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        dust.Message("addbadblock", "5", "2");
        dust.Message("enable");
        byte[] data = Bytes.Pattern(1, seed: 3);

        BlkStatus[] statuses = [.. Enumerable.Range(0, 3).Select(_ => TestBio.Write(5, data).SubmitTo(dust).Status)];

        Assert.Equal([BlkStatus.IoError, BlkStatus.IoError, BlkStatus.Ok], statuses);
        Assert.Equal(0, dust.BadBlockCount);
        Assert.Equal(2, _record.Snapshot().Count(d => d.Operation == BioOperation.Write && d.FailedBio));
        Assert.Contains("dust_add_block: badblock added at block 5 with write fail count 2", dust.KernelLog());
    }

    [Fact]
    public void Dust_WriteSpanningAFailingBlock_WritesTheOtherBlocks()
    {
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        dust.Message("addbadblock", "1", "1");
        dust.Message("enable");
        byte[] data = Bytes.Pattern(3, seed: 3);

        TestBio write = TestBio.Write(0, data).SubmitTo(dust);

        Assert.Equal(BlkStatus.IoError, write.Status);
        byte[] landed = Bytes.Direct(_lower, 0, 3);
        Bytes.Equal(data.AsSpan(0, 512), landed.AsSpan(0, 512), "block 0");
        Bytes.Equal(new byte[512], landed.AsSpan(512, 512), "failed block 1");
        Bytes.Equal(data.AsSpan(1024), landed.AsSpan(1024), "block 2");
    }

    [Fact]
    public void Dust_DisableAfterEnable_ReturnsToBypass()
    {
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        dust.Message("addbadblock", "7");
        dust.Message("enable");
        dust.Message("disable");

        Assert.Equal(BlkStatus.Ok, TestBio.Read(7, 1).SubmitTo(dust).Status);
    }

    [Fact]
    public void Dust_BadBlocksAreNumberedOnTheUnderlyingDeviceIncludingTheOffset()
    {
        // dust_map remaps the sector first (offset + sector) and then looks up its block.
        DustDevice dust = Dust("0 1024 dust mem0 8 4096");
        dust.Message("addbadblock", "2");  // mem0 sectors 16..23 = dust sectors 8..15
        dust.Message("enable");

        Assert.Equal(BlkStatus.IoError, TestBio.Read(8, 8).SubmitTo(dust).Status);
        Assert.Equal(BlkStatus.Ok, TestBio.Read(0, 8).SubmitTo(dust).Status);
        Assert.Equal(BlkStatus.Ok, TestBio.Read(16, 8).SubmitTo(dust).Status);
    }

    [Fact]
    public void Dust_Enabled_DiscardIsMappedWhole_AndOnlyItsFirstBlockIsLookedUpLikeAWrite()
    {
        // 6.12: dm does not split a discard at max_io_len, and dust_map looks up the clone's first sector only.
        DustDevice dust = Dust("0 1024 dust mem0 0 512");
        dust.Message("addbadblock", "9");
        dust.Message("enable");

        Assert.Equal(BlkStatus.Ok, TestBio.Dataless(BioOperation.Discard, 8, 4).SubmitTo(dust).Status);
        Assert.Equal(1, dust.BadBlockCount);

        Assert.Equal(BlkStatus.Ok, TestBio.Dataless(BioOperation.Discard, 9, 3).SubmitTo(dust).Status);
        Assert.Equal(0, dust.BadBlockCount);
    }

    [Theory]
    [InlineData("mem0 0", "arguments", "Invalid argument count")]
    [InlineData("mem0 0 512 extra", "arguments", "Invalid argument count")]
    [InlineData("mem0 0 0", "blksz", "Invalid block size parameter")]
    [InlineData("mem0 0 abc", "blksz", "Invalid block size parameter")]
    [InlineData("mem0 0 256", "blksz", "Block size must be at least 512")]
    [InlineData("mem0 0 1000", "blksz", "Block size must be a power of 2")]
    [InlineData("mem0 0 1048576", "blksz", "Block size is too large")]
    [InlineData("mem0 x 512", "offset", "Invalid device offset sector")]
    [InlineData("nosuch 0 512", "device", "Device lookup failed")]
    [InlineData("mem0 0 4294967808", "blksz", "Invalid block size parameter")]
    [InlineData("mem0 0 -512", "blksz", "Invalid block size parameter")]
    [InlineData("mem0 1500 512", "offset", "dm0: mem0 too small for target: start=1500, len=1024, dev_size=2048")]
    public void Dust_Table_RejectsWhatTheKernelRejects_WithItsExactText(string arguments, string field, string kernelText)
    {
        var error = Assert.Throws<TableSyntaxException>(() => Dust($"0 1024 dust {arguments}"));

        Assert.Equal((field, kernelText), (error.Field, error.KernelMessage));
    }

    [Fact]
    public void Dust_Table_ReadsTheBlockSizeAsKstrtouintDoes_WithAnOptionalPlus()
    {
        Assert.Equal(4096u, Dust("0 1024 dust mem0 0 +4096").BlockSizeBytes);
    }

    [Fact]
    public void Dust_Table_AcceptsTheDocumentsBlockSizes()
    {
        // "Create the dm-dust device": block sizes 512 and 4096.
        Assert.Equal("mem0 0 512", Dust("0 1024 dust mem0 0 512").Table);
        Assert.Equal("mem0 0 4096", Dust("0 1024 dust mem0 0 4096").Table);
        Assert.Equal(524288u, Dust("0 1024 dust mem0 0 524288").BlockSizeBytes); // the line's whole length
    }

    private DustDevice Dust(string line) => (DustDevice)DustDevice.FromTable(TableLine.Parse(line, _scheduler, _lower), _record);
}
