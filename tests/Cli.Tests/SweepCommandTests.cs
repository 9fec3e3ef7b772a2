using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed partial class SweepCommandTests
{
    // Each seed's one write fails with probability 30%, so a range has passing and failing seeds.
    private const string Template = """
        {
          "format": 1, "name": "coin", "description": "a write that fails on some seeds", "seed": 0,
          "devices": [ { "name": "disk", "backend": "memory", "sectors": 64 }, { "name": "r", "table": [ "0 64 rules disk 0" ] } ],
          "steps": [
            { "do": "message", "device": "r", "text": "add name=coin op=write prob=30% action=fail" },
            { "do": "io", "id": "w", "op": "write", "regions": [ { "device": "r", "sector": 0, "count": 8 } ], "expect": { "rc": 0 } }
          ]
        }
        """;

    [Fact]
    public void Sweep_ShardsPartitionTheRangeDeterministically()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", Template);
        var byShard = new List<Dictionary<ulong, string>>();
        for (int k = 1; k <= 3; k++)
        {
            (int exit, string output, _) = Tool.Run("sweep", template, "--seeds", "1..30", "--shard", $"{k}/3", "--jobs", "2", "--out", dir.File($"fail{k}"));
            Assert.InRange(exit, 0, 1);
            byShard.Add(Verdicts(output));
            Assert.Equal(byShard[^1], Verdicts(Tool.Run("sweep", template, "--seeds", "1..30", "--shard", $"{k}/3", "--jobs", "1", "--out", dir.File($"again{k}")).Out));
        }

        var all = byShard.SelectMany(d => d.Keys).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (ulong)i), all.Order());
        for (int k = 1; k <= 3; k++)
        {
            Assert.All(byShard[k - 1].Keys, seed => Assert.Equal((ulong)(k - 1), seed % 3));
        }

        Assert.Contains(byShard.SelectMany(d => d.Values), v => v == "pass");
        Assert.Contains(byShard.SelectMany(d => d.Values), v => v == "FAIL");
    }

    [Fact]
    public void Sweep_WritesEachFailingSeedsScenarioAndATraceThatReplays()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", Template);
        string outDir = dir.File("failures");

        (int exit, string output, _) = Tool.Run("sweep", template, "--seeds", "1..20", "--out", outDir);

        Assert.Equal(1, exit);
        var failing = Verdicts(output).Where(v => v.Value == "FAIL").Select(v => v.Key).ToList();
        Assert.NotEmpty(failing);
        Assert.Contains($"{20 - failing.Count} passed, {failing.Count} failed.", output);
        foreach (ulong seed in failing)
        {
            string stem = Path.Combine(outDir, "seed-" + seed.ToString(CultureInfo.InvariantCulture));
            Assert.Contains($"\"seed\": {seed}", File.ReadAllText(stem + ".json"));
            Assert.Equal(1, Tool.Run("run", stem + ".json").Exit);
            Assert.Equal(0, Tool.Run("replay", stem + ".trace.jsonl").Exit);
        }

        Assert.Equal(failing.Count * 3, Directory.GetFiles(outDir, "seed-*").Length);
        Assert.True(File.Exists(Path.Combine(outDir, "summary.json")), "no summary.json");
    }

    [Theory]
    [InlineData("--seeds", "5..1")]
    [InlineData("--shard", "4/3")]
    [InlineData("--shard", "0/3")]
    [InlineData("--jobs", "0")]
    [InlineData("--max-failures", "0")]
    public void Sweep_WithBadRangeShardOrJobs_ExitsTwo(string option, string value)
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", Template);
        string[] args = option == "--seeds" ? ["sweep", template, option, value] : ["sweep", template, "--seeds", "1..3", option, value];

        Assert.Equal(2, Tool.Run(args).Exit);
    }

    [Fact]
    public void Sweep_RecordsItsCapsInTheSummary_AndItsReplayCommandsCarryTheNonDefaultOnes()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", Template);
        string outDir = dir.File("out");

        (int exit, string report, string stderr) = Tool.Run("sweep", template, "--seeds", "1..20", "--max-steps", "50", "--max-virtual-time", "5s", "--out", outDir);

        Assert.Equal((1, string.Empty), (exit, stderr));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        JsonElement root = summary.RootElement;
        Assert.Equal(
            ["kind", "format", "template", "seeds", "shard", "limits", "max_failures", "seeds_in_shard", "seeds_run", "passed", "failed", "complete", "stopped", "groups"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("format").GetInt32());
        Assert.Equal(
            [("max_device_bytes", 4294967296L), ("max_request_bytes", 268435456L), ("max_pool_objects", 65536L), ("max_steps", 50L), ("max_virtual_time_ns", 5000000000L), ("max_input_bytes", 67108864L)],
            root.GetProperty("limits").EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())));
        var replays = report.Split('\n').Where(l => l.TrimStart().StartsWith("replay: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(replays);
        Assert.All(replays, line => Assert.EndsWith(" --max-steps 50 --max-virtual-time 5s", line, StringComparison.Ordinal));
        string[] command = replays[0].Trim()["replay: dmio-sim ".Length..].Split(' ');
        Assert.Equal(0, Tool.Run(command).Exit); // the seed replays under the caps it failed under
    }

    private static Dictionary<ulong, string> Verdicts(string output) =>
        SeedLine().Matches(output).ToDictionary(m => ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);

    [GeneratedRegex(@"^seed (\d+): (pass|FAIL)", RegexOptions.Multiline)]
    private static partial Regex SeedLine();
}
