using DmIo.Clients.Mirror;
using DmIo.Clients.Tests.Support;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>
/// The mirror table line as 6.12's <c>mirror_ctr</c> reads it (dm-raid1.c: <c>create_dirty_log</c>, the leg count
/// against <c>MAX_NR_MIRRORS</c> = 9, <c>get_mirror</c>, <c>parse_features</c>), with the kernel's <c>ti-&gt;error</c> texts.
/// </summary>
public sealed class MirrorTableParserTests
{
    private readonly SimulatedScheduler _scheduler = new();
    private readonly RecordingLogFactory _logs = new();
    private readonly IBlockDevice[] _devices = [new MemoryDevice("a", 64), new MemoryDevice("b", 64), new MemoryDevice("c", 32)];

    [Theory]
    [InlineData("core", "log", "Insufficient mirror log arguments")]
    [InlineData("core x 8 2 a 0 b 0", "#log args", "Invalid mirror log argument count")]
    [InlineData("core 4 8 2 a", "log args", "Insufficient mirror log arguments")]
    [InlineData("disk 1 8 2 a 0 b 0", "log", "Error creating mirror dirty log")]
    [InlineData("core 1 8", "#legs", "Invalid number of mirrors")]
    [InlineData("core 1 8 1 a 0", "#legs", "Invalid number of mirrors")]
    [InlineData("core 1 8 10 a 0 b 0 a 0 b 0 a 0 b 0 a 0 b 0 a 0 b 0", "#legs", "Invalid number of mirrors")]
    [InlineData("core 1 8 two a 0 b 0", "#legs", "Invalid number of mirrors")]
    [InlineData("core 1 8 2 a 0 b", "legs", "Too few mirror arguments")]
    [InlineData("core 1 8 2 a x b 0", "leg 0 offset", "Invalid offset")]
    [InlineData("core 1 8 2 a 0 nosuch 0", "leg 1 device", "Device lookup failure")]
    [InlineData("core 1 8 2 a 0 b 0 x", "#features", "Invalid number of features")]
    [InlineData("core 1 8 2 a 0 b 0 2 handle_errors", "features", "Not enough arguments to support feature count")]
    [InlineData("core 1 8 2 a 0 b 0 1 bogus", "features", "Unrecognised feature requested")]
    [InlineData("core 1 8 2 a 0 b 0 1 keep_log", "features", "keep_log feature requires the handle_errors feature")]
    [InlineData("core 1 8 2 a 0 b 0 1 handle_errors extra", "arguments", "Too many mirror arguments")]
    [InlineData("core 1 8 2 a 0 b 0 0 extra", "arguments", "Too many mirror arguments")]
    [InlineData("core 1 8 2 a 0 b 1", "leg 1 offset", "dm0: b too small for target: start=1, len=64, dev_size=64")]
    public void Parse_RefusesWhatTheKernelRefuses_WithItsText_AndDisposesTheLog(string arguments, string field, string kernelText)
    {
        var error = Assert.Throws<TableSyntaxException>(() => Parse($"0 64 mirror {arguments}"));

        Assert.Equal((field, kernelText), (error.Field, error.KernelMessage));
        Assert.All(_logs.Built, log => Assert.True(log.Disposed, "a refused line must dispose the log it created"));
    }

    [Fact]
    public void Parse_ReadsLogLegsAndFeatures_InTableOrder()
    {
        MirrorSettings settings = Parse("0 32 mirror core 1 8 3 b 16 a 0 c 0 2 handle_errors keep_log");

        Assert.Equal(("core", "8"), _logs.Calls.Single());
        Assert.Equal(8u, settings.Log.RegionSize);
        Assert.Equal(["b+16", "a+0", "c+0"], settings.Legs.Select(l => $"{l.Device.Name}+{l.Offset}"));
        Assert.Equal(MirrorFeatures.HandleErrors | MirrorFeatures.KeepLog, settings.Features);
    }

    [Theory]
    [InlineData("", MirrorFeatures.None)]
    [InlineData(" 0", MirrorFeatures.None)]
    [InlineData(" 1 handle_errors", MirrorFeatures.HandleErrors)]
    [InlineData(" 2 keep_log handle_errors", MirrorFeatures.HandleErrors | MirrorFeatures.KeepLog)]
    public void Parse_TakesFeaturesInAnyOrder_AndNoneAtAll(string features, MirrorFeatures expected)
    {
        Assert.Equal(expected, Parse($"0 64 mirror core 1 8 2 a 0 b 0{features}").Features);
    }

    [Fact]
    public void Parse_AcceptsNineLegs_KcopydsEightDestinationsAndTheSource()
    {
        MirrorSettings settings = Parse("0 32 mirror core 1 8 9 a 0 b 0 c 0 a 32 b 32 a 16 b 16 a 8 b 8");

        Assert.Equal(9, settings.Legs.Count);
    }

    private MirrorSettings Parse(string line) => MirrorTableParser.Parse(TableLine.Parse(line, _scheduler, _devices), _logs.Create);
}
