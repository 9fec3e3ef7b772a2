using DmIo.Clients.Logs;

namespace DmIo.Clients.Tests.Logs;

/// <summary>Bad table arguments give 6.12 dm-log.c's warning texts and create nothing.</summary>
public sealed class DirtyLogArgumentTests
{
    [Theory]
    [InlineData("core", new string[0], "wrong number of arguments to dirty region log")]
    [InlineData("core", new[] { "1024", "nosync", "x" }, "wrong number of arguments to dirty region log")]
    [InlineData("core", new[] { "1024", "async" }, "unrecognised sync argument to dirty region log: async")]
    [InlineData("core", new[] { "bad", "async" }, "unrecognised sync argument to dirty region log: async")] // sync word is checked first
    [InlineData("core", new[] { "1000" }, "invalid region size 1000")]   // not a power of two
    [InlineData("core", new[] { "1" }, "invalid region size 1")]         // below 2
    [InlineData("core", new[] { "16384" }, "invalid region size 16384")] // above the target's 10240 sectors
    [InlineData("core", new[] { "1024k" }, "invalid region size 1024k")]
    [InlineData("core", new[] { "-1024" }, "invalid region size -1024")]
    [InlineData("mirror", new[] { "1024" }, "Module for logging type \"mirror\" not found.")]
    [InlineData("disk", new[] { "log0" }, "wrong number of arguments to disk dirty region log")]
    [InlineData("disk", new[] { "log0", "1024", "nosync", "x" }, "wrong number of arguments to disk dirty region log")]
    [InlineData("disk", new[] { "log0", "1024", "no" }, "unrecognised sync argument to dirty region log: no")]
    [InlineData("disk", new[] { "log0", "3" }, "invalid region size 3")]
    [InlineData("disk", new[] { "nolog", "x" }, "Device lookup failed: no device named 'nolog'")] // device before region size
    public void Create_BadArguments_ThrowTheKernelsMessage_AndIssueNoIo(string type, string[] args, string message)
    {
        var rig = new LogRig();

        var e = Assert.Throws<ArgumentException>(() => DirtyLogs.Create(type, args, LogRig.TargetSectors, rig.Lookup, rig.Scheduler, null));

        Assert.Equal(message, e.Message);
        Assert.Empty(rig.Device.Bios);
    }

    [Fact]
    public void Create_TooManyRegions_ThrowsTheRegionCountLimit()
    {
        // 2 * 2^32 + 2 sectors in regions of 2 sectors is 2^32 + 1 regions, past UINT_MAX.
        var rig = new LogRig();

        var e = Assert.Throws<ArgumentException>(() => DirtyLogs.Create("core", ["2"], (2L << 32) + 2, rig.Lookup, rig.Scheduler, null));

        Assert.Equal("region count exceeds limit of 4294967295", e.Message);
    }

    [Fact]
    public void Create_DiskLogOnTooSmallDevice_ThrowsWithTheBytesNeeded_AndIssuesNoIo()
    {
        // 130 regions need 3 longs of bitset (24 bytes); 1024 bytes of header area + 24, rounded to 512: 1536 bytes.
        var rig = new LogRig(logSectors: 2);

        var e = Assert.Throws<ArgumentException>(() => rig.Disk(130 * 1024, "1024"));

        Assert.Equal("log device log0 too small: need 1536 bytes", e.Message);
        Assert.Empty(rig.Device.Bios);
    }

    [Fact]
    public void Create_DiskLogOnExactlyBigEnoughDevice_Succeeds()
    {
        var rig = new LogRig(logSectors: 3);

        using DiskDirtyLog log = rig.Disk(130 * 1024, "1024");

        Assert.Equal(3, log.LogAreaSectors);
        Assert.Equal(130, log.RegionCount);
        Assert.Empty(rig.Device.Bios); // the constructor reads nothing; resume does
    }
}
