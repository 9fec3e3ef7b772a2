using DmIo.Clients.Logs;

namespace DmIo.Clients.Tests.Logs;

/// <summary>The core log's bitsets, resync search and text, from 6.12 dm-log.c (create_log_context, core_*).</summary>
public sealed class CoreDirtyLogTests
{
    [Fact]
    public void Create_Default_AllRegionsCleanNoneInSync()
    {
        // 10000 sectors in regions of 1024: dm_sector_div_up gives 10 regions, the last one short.
        using var log = new CoreDirtyLog(["1024"], 10_000);

        Assert.Equal(10, log.RegionCount);
        Assert.Equal(1024u, log.RegionSize);
        Assert.Equal(0, log.SyncCount);
        for (long region = 0; region < 10; region++)
        {
            Assert.True(log.IsClean(region), $"region {region} clean");
            Assert.False(log.InSync(region), $"region {region} in sync");
        }
    }

    [Theory]
    [InlineData("nosync", true, 10)]
    [InlineData("sync", false, 0)]
    public void Create_WithSyncWord_SetsSyncBitsAndCount(string word, bool inSync, long syncCount)
    {
        using var log = new CoreDirtyLog(["1024", word], 10_240);

        Assert.Equal(syncCount, log.SyncCount);
        for (long region = 0; region < 10; region++)
        {
            Assert.Equal(inSync, log.InSync(region));
            Assert.True(log.IsClean(region));
        }
    }

    [Fact]
    public void MarkThenClear_TogglesOnlyThatRegionsCleanBit()
    {
        using var log = new CoreDirtyLog(["1024", "nosync"], 10_240);

        log.MarkRegion(3);
        Assert.False(log.IsClean(3));
        Assert.True(log.IsClean(2));
        Assert.True(log.IsClean(4));
        Assert.True(log.InSync(3)); // marking touches the clean bits only
        Assert.Equal(0, log.Flush());

        log.ClearRegion(3);
        Assert.True(log.IsClean(3));
    }

    [Fact]
    public void ResyncWork_HandsOutEachOutOfSyncRegionOnce_SearchRestartsOnResume()
    {
        using var log = new CoreDirtyLog(["1024"], 4 * 1024);

        var handedOut = new List<long>();
        while (log.TryGetResyncWork(out long region))
        {
            handedOut.Add(region);
        }

        Assert.Equal([0L, 1, 2, 3], handedOut);

        log.SetRegionSync(0, inSync: true);
        log.SetRegionSync(1, inSync: true);
        log.SetRegionSync(2, inSync: false); // recovery failed: no longer recovering, still out of sync
        Assert.Equal(2, log.SyncCount);
        Assert.True(log.InSync(0));
        Assert.False(log.InSync(2));
        Assert.False(log.TryGetResyncWork(out _)); // sync_search is past the end until resume

        Assert.Equal(0, log.Resume());
        Assert.True(log.TryGetResyncWork(out long next));
        Assert.Equal(2, next); // 0 and 1 are in sync, 3 is still recovering
        Assert.False(log.TryGetResyncWork(out _));
    }

    [Fact]
    public void SetRegionSync_OutOfSync_DecrementsOnlyWhenTheBitWasSet()
    {
        using var log = new CoreDirtyLog(["1024", "nosync"], 4 * 1024);

        log.SetRegionSync(1, inSync: false);
        log.SetRegionSync(1, inSync: false);

        Assert.Equal(3, log.SyncCount);
        Assert.False(log.InSync(1));
    }

    [Fact]
    public void SetRegionSync_InSyncTwice_CountsTwiceAsTheKernelDoes()
    {
        // core_set_region_sync increments sync_count without testing the bit first.
        using var log = new CoreDirtyLog(["1024"], 4 * 1024);

        log.SetRegionSync(1, inSync: true);
        log.SetRegionSync(1, inSync: true);

        Assert.Equal(2, log.SyncCount);
    }

    [Theory]
    [InlineData(new[] { "1024" }, "core 1 1024 ")]
    [InlineData(new[] { "1024", "nosync" }, "core 2 1024 nosync ")]
    [InlineData(new[] { "2", "sync" }, "core 2 2 sync ")]
    public void Table_PrintsTypeArgumentCountRegionSizeAndSyncWord(string[] args, string expected)
    {
        using var log = new CoreDirtyLog(args, 10_240);

        Assert.Equal(expected, log.Table);
        Assert.Equal("1 core", log.Status);
        Assert.Equal("core", log.TypeName);
    }

    [Fact]
    public void RegionOutsideTheLog_IsRefused()
    {
        using var log = new CoreDirtyLog(["1024"], 4 * 1024);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => log.MarkRegion(4));
        Assert.Contains("0..3", e.Message, StringComparison.Ordinal);
        Assert.True(log.IsClean(3));
    }
}
