using System.Text.RegularExpressions;
using DmIo.Docs.Tests.Support;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Docs.Tests;

/// <summary>
/// Issue 14: every dmsetup table line the README and docs quote parses as shown. A code block whose lines all look
/// like table lines is parsed as one table (so its lines must also be contiguous); an inline code span that is one
/// table line is parsed alone.
/// </summary>
public sealed partial class TableLineTests
{
    public static TheoryData<string, int, string> QuotedTables()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string file in Repo.MarkdownFiles().Where(f => f == "README.md" || f.StartsWith("docs" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(Repo.Path(file));
            foreach (Markdown.CodeBlock block in Markdown.CodeBlocks(text).Where(b => b.Language.Length == 0))
            {
                string[] lines = block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length > 0 && lines.All(l => TableLine().IsMatch(l)))
                {
                    data.Add(file, block.Line, block.Text);
                }
            }

            foreach ((string code, int line) in Markdown.InlineCode(text).Where(c => TableLine().IsMatch(c.Code)))
            {
                data.Add(file, line, code);
            }
        }

        return data;
    }

    [Fact]
    public void TheReadmeAndDocsQuoteTablesAtAll()
    {
        // Guards the scan: the README's table block and its four fault-target examples must be found.
        var quoted = QuotedTables().Select(row => ((string)row[0], (string)row[2])).ToList();
        Assert.Contains(quoted, q => q.Item1 == "README.md" && q.Item2.Contains("2048 4096 striped 2 128 mem0 4096 mem1 0", StringComparison.Ordinal));
        Assert.True(quoted.Count(q => q.Item1 == "README.md") >= 5, $"found only {quoted.Count(q => q.Item1 == "README.md")} table quotes in README.md");
    }

    [Theory]
    [MemberData(nameof(QuotedTables))]
    public void QuotedTable_ParsesAsShown(string file, int line, string table)
    {
        var scheduler = new SimulatedScheduler(seed: 1);
        TableDevice device;
        try
        {
            device = NewParser(scheduler).Parse("quoted", table);
        }
        catch (TableSyntaxException e)
        {
            Assert.Fail($"{file}:{line}: {e.Message}");
            return;
        }

        long lastSector = table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Max(f => long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(lastSector, device.CapacitySectors);
    }

    [Fact]
    public void ATrailingComment_IsMoreArguments_AndTheTargetRefusesTheLine_AsDmSplitArgsDoes()
    {
        var scheduler = new SimulatedScheduler(seed: 1);
        var e = Assert.Throws<TableSyntaxException>(() => NewParser(scheduler).Parse("commented", "0 2048 linear mem0 2048 # <dev> <offset>"));
        Assert.Contains("Invalid argument count", e.Message, StringComparison.Ordinal);
    }

    private static DeviceTableParser NewParser(SimulatedScheduler scheduler)
    {
        // The docs name mem0 and mem1 (and d0, the scenario examples' first device) as the devices under their tables;
        // 4 GiB sparse devices hold every quoted line. Scenario runs register latency, rules and volatile_cache too.
        var catalog = new DeviceCatalog();
        catalog.Add(new SparseMemoryDevice("mem0", 8L << 20));
        catalog.Add(new SparseMemoryDevice("mem1", 8L << 20));
        catalog.Add(new SparseMemoryDevice("d0", 8L << 20));
        var registry = TargetRegistry.CreateDefault();
        var record = new FaultRecord();
        var choices = new RandomChoiceSource(scheduler.Random);
        FaultTargets.Register(registry, record, choices);
        DmIo.Simulation.Targets.ScenarioTargets.Register(registry, record, choices);
        DmIo.Clients.Mirror.MirrorTargets.Register(registry);
        return new DeviceTableParser(catalog, registry, scheduler, scheduler.Random);
    }

    // <start> <length> <target> [anything]: whatever follows the target is part of the quote and must parse.
    [GeneratedRegex(@"^\s*[0-9]+\s+[0-9]+\s+[a-z_]+(\s.*)?$")]
    private static partial Regex TableLine();
}
