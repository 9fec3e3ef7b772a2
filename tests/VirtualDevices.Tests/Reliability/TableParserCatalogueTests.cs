using DmIo.Tests.Reliability;
using DmIo.VirtualDevices.Tables;
using Xunit.Abstractions;

namespace DmIo.VirtualDevices.Tests.Reliability;

/// <summary>
/// The table parser's bad-input catalogue: each malformed table is rejected with a <see cref="TableSyntaxException"/>
/// naming the line and field, and the catalog is left as it was. A seeded mutation run then checks that no malformed
/// table makes the parser throw anything else or hang.
/// </summary>
public sealed class TableParserCatalogueTests(ITestOutputHelper output)
{
    private static readonly string[] ValidTables =
    [
        "0 512 linear a 0",
        "0 256 linear a 0\n256 256 linear b 8",
        "0 512 striped 2 8 a 0 b 0",
        "0 100 zero\n100 28 error",
        "# comment\n0 64 linear a 64\n\n64 64 zero\r\n128 8 linear f4k 8",
    ];

    private static (DeviceCatalog Catalog, DeviceTableParser Parser) NewParser()
    {
        var catalog = new DeviceCatalog();
        catalog.Add(new MemoryDevice("a", 1024));
        catalog.Add(new MemoryDevice("b", 1024));
        catalog.Add(new MemoryDevice("f4k", 1024, QueueLimits.Default with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096 }));
        return (catalog, new DeviceTableParser(catalog));
    }

    [Theory]
    [InlineData("truncated line", "0 512", 1, "target")]
    [InlineData("negative", "-1 512 linear a 0", 1, "start")]
    [InlineData("negative length", "0 -5 linear a 0", 1, "length")]
    [InlineData("zero length", "0 0 zero", 1, "length")]
    [InlineData("overflow", "0 18446744073709551616 zero", 1, "length")]
    [InlineData("overflow start + length", "0 8 zero\n8 18014398509481983 zero", 2, "length")]
    [InlineData("gap", "0 8 zero\n16 8 zero", 2, "start")]
    [InlineData("overlap", "0 8 zero\n4 8 zero", 2, "start")]
    [InlineData("unknown target", "0 8 mirror a 0", 1, "target")]
    [InlineData("dangling device reference", "0 8 linear nosuch 0", 1, "device")]
    [InlineData("out of range window", "0 512 linear a 1000", 1, "offset")]
    [InlineData("misaligned window", "0 8 linear f4k 1", 1, "offset")]
    [InlineData("misaligned segment", "0 4 zero\n4 8 linear f4k 0", 1, "length")]
    [InlineData("too many arguments", "0 8 zero extra", 1, "arguments")]
    [InlineData("not a number", "0 8 linear a eight", 1, "offset")]
    [InlineData("stripes out of range", "0 8 striped 0 8", 1, "#stripes")]
    [InlineData("stripe device missing", "0 16 striped 2 8 a 0", 1, "arguments")]
    public void MalformedTable_IsRejectedNamingLineAndField_AndTheCatalogIsUnchanged(string inputClass, string table, int line, string field)
    {
        var (catalog, parser) = NewParser();
        IReadOnlyList<string> before = catalog.Names;

        var ex = Assert.Throws<TableSyntaxException>(() => parser.Create("t", table));

        Assert.True(ex.LineNumber == line && ex.Field == field, $"{inputClass}: expected line {line} field '{field}', got line {ex.LineNumber} field '{ex.Field}': {ex.Message}");
        Assert.Equal(before, catalog.Names);
    }

    [Fact]
    public void EmptyTableOrTakenName_IsAnArgumentErrorNamingTheParameter()
    {
        var (catalog, parser) = NewParser();
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => parser.Create("t", "# only a comment\n\n")).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() => parser.Create("t", null!)).ParamName);
        Assert.Equal("deviceName", Assert.Throws<ArgumentException>(() => parser.Create("a", "0 8 zero")).ParamName);
        Assert.Equal("deviceName", Assert.Throws<ArgumentException>(() => parser.Create(" ", "0 8 zero")).ParamName);
        Assert.Equal(3, catalog.Names.Count);
    }

    [Fact]
    public void MutatedTables_AreAcceptedOrRejectedWithTableSyntaxException_NeverAnythingElse()
    {
        var (catalog, parser) = NewParser();
        IReadOnlyList<string> names = catalog.Names;
        int built = 0;
        FuzzReport report = MutationFuzzer.Run("DeviceTableParser.Create", ValidTables, iterations: 4000, seed: 8,
            table =>
            {
                TableDevice device = parser.Create($"t{built++}", table);
                long expected = device.Segments.Sum(s => s.LengthSectors);
                catalog.Remove(device.Name);
                return device.CapacitySectors == expected ? null : $"built {device.CapacitySectors} sectors from segments of {expected}";
            },
            (e, table) => e is TableSyntaxException ||
                          (e is ArgumentException { ParamName: "table" } && table.Split('\n').All(l => l.Trim().Length == 0 || l.Trim()[0] == '#')));
        output.WriteLine(report.ToString());
        Assert.Equal(names, catalog.Names);
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
        Assert.True(report.Rejected > report.Tried / 4, $"only {report.Rejected} of {report.Tried} mutations were rejected: the mutator is too gentle");
    }
}
