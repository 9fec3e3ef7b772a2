using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// dm-dust.rst's message commands and status. Output texts are the kernel's (drivers/md/dm-dust.c): where the
/// document abbreviates them ("queryblock: block 72 found in badblocklist"), today's kernel prefixes the function
/// name ("dust_query_block: ..."), and status ends with "verbose" or "quiet".
/// </summary>
public sealed class DustMessageTests
{
    private readonly MemoryDevice _lower = new("mem0", 1024);
    private readonly DustDevice _dust;

    public DustMessageTests() => _dust = new DustDevice("dust1", _lower, 0, 1024, 512);

    [Fact]
    public void Dust_Status_StartsInBypassVerbose()
    {
        // "Usage instructions": "dmsetup status dust1 ... bypass".
        Assert.Equal("mem0 bypass verbose", _dust.Status);
        Assert.Equal("mem0 0 512", _dust.Table);
    }

    [Fact]
    public void Dust_AddBadBlock_ReturnsNothingAndLogsTheAddition()
    {
        // "Adding and removing bad blocks": "dmsetup message dust1 0 addbadblock 60".
        Assert.Equal(string.Empty, _dust.Message("addbadblock", "60"));
        Assert.Equal(string.Empty, _dust.Message("addbadblock", "67"));

        Assert.Equal(["dust_add_block: badblock added at block 60 with write fail count 0", "dust_add_block: badblock added at block 67 with write fail count 0"],
            _dust.KernelLog());
        Assert.Equal(2, _dust.BadBlockCount);
    }

    [Fact]
    public void Dust_EnableAndDisable_SwitchTheStatusAndLog()
    {
        // "Enabling block read failures": status shows fail_read_on_bad_block.
        Assert.Equal(string.Empty, _dust.Message("enable"));
        Assert.Equal("mem0 fail_read_on_bad_block verbose", _dust.Status);
        Assert.Equal(string.Empty, _dust.Message("disable"));
        Assert.Equal("mem0 bypass verbose", _dust.Status);

        Assert.Equal(["enabling read failures on bad sectors", "disabling read failures on bad sectors"], _dust.KernelLog());
    }

    [Fact]
    public void Dust_AddExistingBlock_FailsWithInvalidArgumentAndChangesNothing()
    {
        // "Bad block add/remove error handling": "block 88 already in badblocklist".
        _dust.Message("addbadblock", "88");

        var error = Assert.Throws<DeviceMessageException>(() => _dust.Message("addbadblock", "88"));

        Assert.Equal(("blknum", -22), (error.Field, error.Errno));
        Assert.Contains("block 88 already in badblocklist", error.Problem, StringComparison.Ordinal);
        Assert.Equal("dust_add_block: block 88 already in badblocklist", _dust.KernelLog()[^1]);
        Assert.Equal(1, _dust.BadBlockCount);
    }

    [Fact]
    public void Dust_RemoveMissingBlock_FailsWithInvalidArgument()
    {
        // "Bad block add/remove error handling": "block 87 not found in badblocklist".
        var error = Assert.Throws<DeviceMessageException>(() => _dust.Message("removebadblock", "87"));

        Assert.Equal("blknum", error.Field);
        Assert.Equal("dust_remove_block: block 87 not found in badblocklist", _dust.KernelLog()[^1]);
    }

    [Fact]
    public void Dust_RemoveBadBlock_RemovesAndLogs()
    {
        _dust.Message("addbadblock", "5");

        Assert.Equal(string.Empty, _dust.Message("removebadblock", "5"));

        Assert.Equal(0, _dust.BadBlockCount);
        Assert.Equal("dust_remove_block: badblock removed at block 5", _dust.KernelLog()[^1]);
    }

    [Fact]
    public void Dust_CountBadBlocks_ReportsTheCount()
    {
        // "Counting the number of bad blocks": "countbadblocks: 895 badblock(s) found".
        Assert.Equal("countbadblocks: 0 badblock(s) found", _dust.Message("countbadblocks"));
        foreach (string block in new[] { "60", "67", "72" })
        {
            _dust.Message("addbadblock", block);
        }

        Assert.Equal("countbadblocks: 3 badblock(s) found", _dust.Message("countbadblocks"));
    }

    [Fact]
    public void Dust_QueryBlock_SaysWhetherTheBlockIsListed()
    {
        // "Querying for specific bad blocks"; works whether enabled or not.
        _dust.Message("addbadblock", "72");

        Assert.Equal("dust_query_block: block 72 found in badblocklist", _dust.Message("queryblock", "72"));
        Assert.Equal("dust_query_block: block 73 not found in badblocklist", _dust.Message("queryblock", "73"));
    }

    [Fact]
    public void Dust_ClearBadBlocks_ClearsOrSaysThereWereNone()
    {
        // "Clearing the bad block list": "badblocks cleared" / "no badblocks found".
        _dust.Message("addbadblock", "1");
        _dust.Message("addbadblock", "2");

        Assert.Equal("dust_clear_badblocks: badblocks cleared", _dust.Message("clearbadblocks"));
        Assert.Equal("dust_clear_badblocks: no badblocks found", _dust.Message("clearbadblocks"));
        Assert.Equal(0, _dust.BadBlockCount);
    }

    [Fact]
    public void Dust_ListBadBlocks_ListsInAscendingOrderOnePerLine()
    {
        Assert.Equal("No blocks in badblocklist", _dust.Message("listbadblocks"));
        foreach (string block in new[] { "72", "60", "67" })
        {
            _dust.Message("addbadblock", block);
        }

        Assert.Equal("60\n67\n72\n", _dust.Message("listbadblocks"));
    }

    [Fact]
    public void Dust_Quiet_TogglesAndSuppressesAddRemoveLogging()
    {
        // "Quiet mode": "This will suppress log messages from add / remove / removed by write operations."
        _dust.Message("enable");
        _dust.Message("quiet");
        Assert.Equal("mem0 fail_read_on_bad_block quiet", _dust.Status);
        int logged = _dust.KernelLog().Count;
        _dust.Message("addbadblock", "3");
        _dust.Message("removebadblock", "3");
        Assert.Equal(logged, _dust.KernelLog().Count);

        _dust.Message("quiet");

        Assert.Equal("mem0 fail_read_on_bad_block verbose", _dust.Status);
    }

    [Fact]
    public void Dust_Messages_AreCaseInsensitive()
    {
        _dust.Message("AddBadBlock", "9");

        Assert.Equal("dust_query_block: block 9 found in badblocklist", _dust.Message("QUERYBLOCK", "9"));
    }

    [Fact]
    public void Dust_BlockRange_IsTheUnderlyingDeviceSizeInBlocksInclusive()
    {
        // dust_message rejects block > size (1024 blocks of 512 bytes), so block 1024 itself is accepted.
        Assert.Equal(string.Empty, _dust.Message("addbadblock", "1024"));
        var error = Assert.Throws<DeviceMessageException>(() => _dust.Message("addbadblock", "1025"));

        Assert.Equal("selected block value out of range", error.Problem);
    }

    [Theory]
    [InlineData(new[] { "addbadblock" }, "blknum", "addbadblock requires an additional argument", "addbadblock requires an additional argument")]
    [InlineData(new[] { "queryblock" }, "blknum", "queryblock requires an additional argument", "queryblock requires an additional argument")]
    [InlineData(new[] { "bogus" }, "message", "unrecognized message 'bogus' received", "unrecognized message 'bogus' received")]
    [InlineData(new[] { "bogus", "5" }, "message", "unrecognized message 'bogus' received", "unrecognized message 'bogus' received")]
    [InlineData(new[] { "addbadblock", "x" }, "blknum", "'x' is not a block number", null)]
    [InlineData(new[] { "addbadblock", "-1" }, "blknum", "'-1' is not a block number", null)]
    [InlineData(new[] { "addbadblock", "99999" }, "blknum", "selected block value out of range", "selected block value out of range")]
    [InlineData(new[] { "addbadblock", "5", "256" }, "wr_fail_cnt", "selected write fail count out of range", "selected write fail count out of range")]
    [InlineData(new[] { "removebadblock", "5", "1" }, "message", "unrecognized message 'removebadblock' received", "unrecognized message 'removebadblock' received")]
    [InlineData(new[] { "addbadblock", "1", "2", "3" }, "message", "invalid number of arguments '4'", "invalid number of arguments '4'")]
    [InlineData(new[] { "addbadblock", "5" }, "blknum", "block 5 already in badblocklist", "dust_add_block: block 5 already in badblocklist")]
    [InlineData(new[] { "removebadblock", "6" }, "blknum", "block 6 not found in badblocklist", "dust_remove_block: block 6 not found in badblocklist")]
    [InlineData(new[] { "addbadblock", "5", "x" }, "wr_fail_cnt", "'x' is not a write fail count", null)]
    [InlineData(new string[0], "message", "Empty message received.", "Empty message received.")]
    public void Dust_InvalidMessage_ThrowsWithTheKernelsLoggedTextAndChangesNothing(string[] words, string field, string problem, string? kernelMessage)
    {
        _dust.Message("addbadblock", "5");
        string statusBefore = _dust.Status;

        var error = Assert.Throws<DeviceMessageException>(() => _dust.Message(words));

        Assert.Equal((field, problem, kernelMessage), (error.Field, error.Problem, error.KernelMessage));
        Assert.Equal(statusBefore, _dust.Status);
        Assert.Equal("5\n", _dust.Message("listbadblocks"));
    }

    [Fact]
    public void Dust_InQuietMode_RefusesADuplicateBlockWithoutAKernelMessage()
    {
        _dust.Message("addbadblock", "5");
        _dust.Message("quiet");

        var error = Assert.Throws<DeviceMessageException>(() => _dust.Message("addbadblock", "5"));

        Assert.Null(error.KernelMessage);
    }

    [Fact]
    public void Dust_WriteFailCount_IsReadAsSscanfReadsIt_TruncatedTo32Bits()
    {
        // 4294967296 + 3 reads as 3 under sscanf("%u"), which 6.12 accepts as a count of 3.
        Assert.Equal(string.Empty, _dust.Message("addbadblock", "7", "4294967299"));
    }
}
