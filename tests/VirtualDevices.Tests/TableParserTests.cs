using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests;

/// <summary>dmsetup-style table parsing: what it builds, and how it refuses bad lines without building anything.</summary>
public sealed class TableParserTests
{
    private readonly DeviceCatalog _catalog = new();
    private readonly MemoryDevice _mem0 = new("mem0", 8192);
    private readonly MemoryDevice _mem1 = new("mem1", 4096);

    public TableParserTests()
    {
        _catalog.Add(_mem0);
        _catalog.Add(_mem1);
    }

    [Fact]
    public void Parse_MultiLineTableWithCommentsAndBlankLines_BuildsOneSegmentPerLine()
    {
        const string table = """
            # linear, striped, zero and error in one device

            0 2048 linear mem0 2048
            2048 4096 striped 2 128 mem0 4096 mem1 0
               # an indented comment
            6144 1024 zero
            7168 1024 error
            """;

        TableDevice device = new DeviceTableParser(_catalog).Parse("vol", table);

        Assert.Equal(8192, device.CapacitySectors);
        Assert.Equal([0L, 2048L, 6144L, 7168L], device.Segments.Select(s => s.StartSector));
        Assert.IsType<LinearDevice>(device.Segments[0].Target);
        StripedDevice striped = Assert.IsType<StripedDevice>(device.Segments[1].Target);
        Assert.Equal(128, striped.ChunkSectors);
        Assert.Equal([4096L, 0L], striped.Legs.Select(l => l.OffsetSectors));
        Assert.IsType<ZeroDevice>(device.Segments[2].Target);
        Assert.IsType<ErrorDevice>(device.Segments[3].Target);
        Assert.False(_catalog.Contains("vol")); // Parse does not register
    }

    [Fact]
    public void Parse_LinearLine_MapsOntoTheNamedBackendAtTheOffset()
    {
        TableDevice device = new DeviceTableParser(_catalog).Parse("vol", "0 2048 linear mem0 2048");
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 0, new BioEndIoAction(_ => { }));
        byte[] data = new byte[512];
        data.AsSpan().Fill(0xEE);
        bio.TryAddSegment(data);

        BlockLayer.Submit(device, bio);

        byte[] below = new byte[512];
        _mem0.ReadDirect(2048, below);
        Assert.Equal(data, below);
    }

    [Theory]
    [InlineData("0 2048 linear mem0 2048\n2048 x zero", 2, "length", "'x' is not a non-negative integer")]
    [InlineData("0 2048 linear mem0 2048\n2040 8 zero", 2, "start", "overlaps")]
    [InlineData("0 2048 linear mem0 2048\n2056 8 zero", 2, "start", "leaves a gap")]
    [InlineData("8 2048 zero", 1, "start", "expected 0")]
    [InlineData("0 2048 mirror mem0 0", 1, "target", "unknown target type 'mirror'")]
    [InlineData("0 2048", 1, "target", "missing")]
    public void Parse_BadLine_ThrowsQuotingTheLineAndNamingTheField(string table, int lineNumber, string field, string problem)
    {
        TableSyntaxException e = Assert.Throws<TableSyntaxException>(() => new DeviceTableParser(_catalog).Parse("vol", table));

        string line = table.Split('\n')[lineNumber - 1];
        Assert.Equal(lineNumber, e.LineNumber);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.Contains($"\"{line}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ATableReadBefore_StillReportsTheFirstBadLineInOrder()
    {
        // Line 1 names an unknown target, line 2 has a bad length: the first problem in line order is reported, the
        // first time and every time (a remembered table must not change which error a user sees).
        const string table = "0 1024 mirror mem0 0\n1024 x zero";
        for (int attempt = 0; attempt < 2; attempt++)
        {
            TableSyntaxException e = Assert.Throws<TableSyntaxException>(() => new DeviceTableParser(_catalog).Parse("vol", table));
            Assert.Equal(1, e.LineNumber);
            Assert.Equal("target", e.Field);
        }
    }

    [Fact]
    public void Parse_ATableReadBefore_LooksUpItsTargetsInThisParsersRegistry()
    {
        const string table = "0 1024 linear mem0 0\n1024 1024 tracked";
        var withTracked = TargetRegistry.CreateDefault();
        withTracked.Register("tracked", args => new DisposableZero(BuiltInTargets.SegmentName(args), args.LengthSectors));
        TableDevice built = new DeviceTableParser(_catalog, withTracked).Parse("vol", table);
        Assert.IsType<DisposableZero>(built.Segments[1].Target);

        // The same text again, with a registry that lacks the target: refused on line 2, as the first time would be.
        TableSyntaxException e = Assert.Throws<TableSyntaxException>(() => new DeviceTableParser(_catalog).Parse("vol", table));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("unknown target type 'tracked'", e.Problem, StringComparison.Ordinal);

        // And with the target again: a new device with new targets, its argument text as written.
        TableDevice second = new DeviceTableParser(_catalog, withTracked).Parse("vol2", table);
        Assert.NotSame(built.Segments[1].Target, second.Segments[1].Target);
        Assert.Equal("mem0 0", second.Segments[0].Arguments);
    }

    [Theory]
    [InlineData("0 2048 linear mem0", "arguments", "Invalid argument count")]
    [InlineData("0 2048 linear mem0 2048 x", "arguments", "Invalid argument count")]
    [InlineData("0 2048 linear mem0 -1", "offset", "Invalid device sector")]
    [InlineData("0 2048 linear nosuch 0", "device", "Device lookup failed")]
    [InlineData("0 2048 linear mem0 7000", "offset", "vol: mem0 too small for target: start=7000, len=2048, dev_size=8192")]
    [InlineData("0 2048 striped 2", "arguments", "Not enough arguments")]
    [InlineData("0 2048 striped 0 8", "#stripes", "Invalid stripe count")]
    [InlineData("0 2048 striped x 8", "#stripes", "Invalid stripe count")]
    [InlineData("0 2048 striped 2 0", "chunk_size", "Invalid chunk_size")]
    [InlineData("0 2048 striped 2 4294967296", "chunk_size", "Invalid chunk_size")]
    [InlineData("0 2048 striped 3 128 mem0 0 mem1 0 mem1 1024", "#stripes", "Target length not divisible by number of stripes")]
    [InlineData("0 2048 striped 2 100 mem0 0 mem1 0", "chunk_size", "Target length not divisible by chunk size")]
    [InlineData("0 2048 striped 2 128 mem0 0", "arguments", "Not enough destinations specified")]
    [InlineData("0 2048 striped 3 128 mem0 0", "#stripes", "Target length not divisible by number of stripes")]
    [InlineData("0 2048 striped 2 128 mem0 0 mem1 0 extra", "arguments", "Not enough destinations specified")]
    [InlineData("0 2048 striped 2 128 mem0 0 nosuch 0", "stripe 1 device", "Couldn't parse stripe destination")]
    [InlineData("0 2048 striped 2 128 mem0 x mem1 0", "stripe 0 offset", "Couldn't parse stripe destination")]
    [InlineData("0 2048 striped 2 128 mem0 0 mem1 4000", "stripe 1 offset", "vol: mem1 too small for target: start=4000, len=1024, dev_size=4096")]
    [InlineData("0 2048 zero extra", "arguments", "No arguments required")]
    public void Parse_BadBuiltInTargetLine_CarriesThe612ConstructorText(string table, string field, string kernelMessage)
    {
        TableSyntaxException e = Assert.Throws<TableSyntaxException>(() => new DeviceTableParser(_catalog).Parse("vol", table));

        Assert.Equal((field, kernelMessage), (e.Field, e.KernelMessage));
    }

    [Fact]
    public void Parse_StripedLine_ReadsItsCountsAsKstrtouintDoes()
    {
        TableDevice device = new DeviceTableParser(_catalog).Parse("vol", "0 2048 striped +2 +128 mem0 0 mem1 0");

        StripedDevice striped = Assert.IsType<StripedDevice>(Assert.Single(device.Segments).Target);
        Assert.Equal((2, 128L), (striped.Legs.Count, striped.ChunkSectors));
    }

    [Fact]
    public void Create_WithABadLaterLine_AddsNothing_AndDisposesWhatTheEarlierLinesBuilt()
    {
        var registry = TargetRegistry.CreateDefault();
        var built = new List<DisposableZero>();
        registry.Register("tracked", args =>
        {
            var device = new DisposableZero(BuiltInTargets.SegmentName(args), args.LengthSectors);
            built.Add(device);
            return device;
        });
        var parser = new DeviceTableParser(_catalog, registry);
        IReadOnlyList<string> namesBefore = _catalog.Names;

        Assert.Throws<TableSyntaxException>(() => parser.Create("vol", "0 1024 tracked\n1024 1024 linear mem0 99999"));

        Assert.Equal(namesBefore, _catalog.Names);
        Assert.Single(built);
        Assert.True(built[0].Disposed);
    }

    [Fact]
    public void Create_AddsTheDeviceToTheCatalog_AndRefusesADuplicateName()
    {
        var parser = new DeviceTableParser(_catalog);
        TableDevice created = parser.Create("vol", "0 1024 zero");

        Assert.Same(created, _catalog.Get("vol"));
        ArgumentException e = Assert.Throws<ArgumentException>(() => parser.Create("vol", "0 1024 zero"));
        Assert.Equal("deviceName", e.ParamName);
        Assert.Throws<ArgumentException>(() => _catalog.Add(new ZeroDevice("mem0", 8)));
    }

    [Fact]
    public void Parse_TableOfOnlyComments_IsRejected()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new DeviceTableParser(_catalog).Parse("vol", "# nothing\n\n"));
        Assert.Equal("table", e.ParamName);
    }

    [Fact]
    public void Registry_RefusesADuplicateTarget_ButReplaceSwapsTheFactory()
    {
        var registry = TargetRegistry.CreateDefault();
        Assert.Equal(["error", "linear", "striped", "zero"], registry.TargetNames);
        Assert.Throws<ArgumentException>(() => registry.Register("error", args => new ZeroDevice(args.DeviceName, args.LengthSectors)));

        registry.Replace("error", args => new ZeroDevice(BuiltInTargets.SegmentName(args), args.LengthSectors));
        TableDevice device = new DeviceTableParser(_catalog, registry).Parse("vol", "0 64 error");

        Assert.IsType<ZeroDevice>(device.Segments[0].Target);
    }

    private sealed class DisposableZero(string name, long sectors) : IBlockDevice, IDisposable
    {
        public string Name { get; } = name;

        public long CapacitySectors { get; } = sectors;

        public QueueLimits Limits { get; } = QueueLimits.Default;

        public bool Disposed { get; private set; }

        public void Submit(Bio bio) => bio.Complete(BlkStatus.Ok);

        public void Dispose() => Disposed = true;
    }
}
