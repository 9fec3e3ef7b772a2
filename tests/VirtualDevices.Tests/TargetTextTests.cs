using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests;

/// <summary>
/// <c>dmsetup table</c> and <c>dmsetup status</c> text as Linux 6.12 prints it (linear_status, stripe_status, dm-zero's
/// missing status function, and dmsetup's <c>&lt;start&gt; &lt;length&gt; &lt;type&gt; &lt;text&gt;</c> lines), with device
/// names where the kernel prints major:minor.
/// </summary>
public sealed class TargetTextTests
{
    private readonly DeviceCatalog _catalog = new();

    public TargetTextTests()
    {
        _catalog.Add(new MemoryDevice("mem0", 8192));
        _catalog.Add(new MemoryDevice("mem1", 4096));
    }

    [Fact]
    public void Linear_PrintsDeviceAndOffsetAsTable_AndNothingAsStatus()
    {
        var linear = (ITargetText)Segment("0 2048 linear mem0 2048");

        Assert.Equal(("linear", "mem0 2048", ""), (linear.TargetType, linear.Table, linear.Status));
    }

    [Fact]
    public void Striped_PrintsStripeCountChunkAndEachLegAsTable()
    {
        var striped = (ITargetText)Segment("0 4096 striped 2 128 mem0 4096 mem1 0");

        Assert.Equal(("striped", "2 128 mem0 4096 mem1 0"), (striped.TargetType, striped.Table));
    }

    [Fact]
    public void Striped_PrintsLegNamesThenOneHealthCharacterPerLegAsStatus()
    {
        var striped = (ITargetText)Segment("0 6144 striped 3 64 mem0 0 mem1 0 mem0 4096");

        Assert.Equal("3 mem0 mem1 mem0 1 AAA", striped.Status);
    }

    [Fact]
    public void Striped_StatusPrintsDForEveryLegOnADeviceThatFailedABio_AsStripeEndIoCounts()
    {
        // Legs 0 and 2 share the error device; a write into leg 0's chunk fails there and stripe_end_io counts the
        // failure for every stripe on that device.
        var dead = new ErrorDevice("dead", 8192);
        var striped = new StripedDevice("s", [new(dead, 0), new(new MemoryDevice("mem1", 4096), 0), new(dead, 4096)], 64, 6144);
        Assert.Equal("3 dead mem1 dead 1 AAA", striped.Status);

        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 0, new BioEndIoAction(_ => { }));
        Assert.True(bio.TryAddSegment(new byte[4096]));
        BlockLayer.Submit(striped, bio);

        Assert.Equal((BlkStatus.IoError, "3 dead mem1 dead 1 DAD"), (bio.Status, striped.Status));
        Assert.Equal((1, 0, 1), (striped.ErrorCount(0), striped.ErrorCount(1), striped.ErrorCount(2)));
    }

    [Fact]
    public void Zero_PrintsNothingAsTableOrStatus()
    {
        var zero = (ITargetText)Segment("0 64 zero");

        Assert.Equal(("zero", "", ""), (zero.TargetType, zero.Table, zero.Status));
    }

    [Theory]
    [InlineData("0 64 error")]
    [InlineData("0 64 error mem0 128")]
    public void Error_PrintsNothingAsTableOrStatus_EvenWithADevice(string line)
    {
        var error = (ITargetText)Segment(line);

        Assert.Equal(("error", "", ""), (error.TargetType, error.Table, error.Status));
    }

    [Fact]
    public void Table_PrintsOneLinePerSegment_WithATrailingSpaceWhereTheTargetPrintsNothing()
    {
        TableDevice device = Parse("""
            0 2048 linear mem0 2048
            2048 4096 striped 2 128 mem0 4096 mem1 0
            6144 1024 zero
            7168 1024 error
            """);

        Assert.Equal("0 2048 linear mem0 2048\n2048 4096 striped 2 128 mem0 4096 mem1 0\n6144 1024 zero \n7168 1024 error \n", device.Table);
    }

    [Fact]
    public void Status_PrintsOneLinePerSegmentWithEachTargetsStatus()
    {
        TableDevice device = Parse("""
            0 2048 linear mem0 2048
            2048 4096 striped 2 128 mem0 4096 mem1 0
            6144 1024 zero
            """);

        Assert.Equal("0 2048 linear \n2048 4096 striped 2 mem0 mem1 1 AA\n6144 1024 zero \n", device.Status);
    }

    [Fact]
    public void Table_OfATargetWithoutText_PrintsTheWordsOfItsLine_AndNoStatus()
    {
        TargetRegistry registry = TargetRegistry.CreateDefault();
        registry.Register("ram", args => new MemoryDevice(args.DeviceName + "@ram", args.LengthSectors));
        TableDevice device = new DeviceTableParser(_catalog, registry).Parse("vol", "0 64 ram  fast   small");

        Assert.Equal(("0 64 ram fast small\n", "0 64 ram \n"), (device.Table, device.Status));
    }

    private TableDevice Parse(string table) => new DeviceTableParser(_catalog).Parse("vol", table);

    private IBlockDevice Segment(string line) => Assert.Single(Parse(line).Segments).Target;
}
