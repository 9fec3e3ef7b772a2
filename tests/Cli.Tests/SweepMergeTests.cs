using System.Text.RegularExpressions;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>Issue 13 part 3: sweep-merge combines the shards of one sweep, the same bytes whatever the shard count.</summary>
public sealed partial class SweepMergeTests
{
    private const string Range = "1..45";

    [Fact]
    public void Merge_OfOneShardOrOfThreeShards_PrintsTheSameReport_AndWritesTheSameSummary()
    {
        using var dir = new TempDir();
        string template = dir.Write("two.json", SweepTemplates.TwoCoins);
        string whole = Sweep(dir, template, "1/1", "whole");
        string[] thirds = [Sweep(dir, template, "1/3", "s1"), Sweep(dir, template, "2/3", "s2"), Sweep(dir, template, "3/3", "s3")];
        string merged = dir.File("merged");

        (int exit1, string report1, string err1) = Tool.Run("sweep-merge", whole, "--out", merged);
        string summary1 = File.ReadAllText(Path.Combine(merged, "summary.json"));
        Directory.Delete(merged, recursive: true);
        (int exit3, string report3, string err3) = Tool.Run("sweep-merge", thirds[2], thirds[0], thirds[1], "--out", merged);
        string summary3 = File.ReadAllText(Path.Combine(merged, "summary.json"));

        Assert.Equal((1, string.Empty), (exit1, err1));
        Assert.Equal((1, string.Empty), (exit3, err3));
        Assert.Equal(report1, report3);
        Assert.Equal(summary1, summary3);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "summary.json")), summary3); // a merge is the sweep of the whole range
        Assert.Contains("failed.", report3, StringComparison.Ordinal);
        var replays = ReplayLine().Matches(report3).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(replays);
        Assert.All(replays, trace => Assert.Equal(0, Tool.Run("replay", trace).Exit));
    }

    [Fact]
    public void Merge_WithAShardMissing_IsRefused_NamingIt()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string s1 = Sweep(dir, template, "1/3", "s1");
        string s3 = Sweep(dir, template, "3/3", "s3");

        AssertRefused(dir, "missing shard 2/3 of seeds 1..45", s1, s3);
    }

    [Fact]
    public void Merge_WithAShardTwice_IsRefusedAsOverlapping()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string s1 = Sweep(dir, template, "1/2", "s1");
        string again = Sweep(dir, template, "1/2", "again");
        string s2 = Sweep(dir, template, "2/2", "s2");

        AssertRefused(dir, $"{s1} and {again} are both shard 1/2 (overlapping shards)", s1, again, s2);
    }

    [Fact]
    public void Merge_OfShardsWithDifferentCounts_IsRefused()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string half = Sweep(dir, template, "1/2", "half");
        string third = Sweep(dir, template, "2/3", "third");

        AssertRefused(dir, $"{third} is shard 2/3 but {half} is shard 1/2", half, third);
    }

    [Fact]
    public void Merge_OfShardsWithDifferentMaxFailures_IsRefused()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string s1 = Sweep(dir, template, "1/2", "s1");
        string s2 = dir.File("s2");
        Assert.Equal(1, Tool.Run("sweep", template, "--seeds", Range, "--shard", "2/2", "--max-failures", "1", "--out", s2).Exit);

        AssertRefused(dir, $"{s2} ran with --max-failures 1, but {s1} with (none)", s1, s2);
    }

    [Fact]
    public void Merge_OfShardsRunUnderDifferentCaps_IsRefused_NamingTheFlags()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string s1 = Sweep(dir, template, "1/2", "s1");
        string s2 = dir.File("s2");
        Assert.InRange(Tool.Run("sweep", template, "--seeds", Range, "--shard", "2/2", "--max-steps", "50", "--out", s2).Exit, 0, 1);

        AssertRefused(dir, $"{s2} ran with --max-steps 50, but {s1} with --max-steps 100000", s1, s2);
    }

    [Theory]
    [InlineData("\"limits\": {", "\"caps\": {", "the key 'limits' is missing")]
    [InlineData("\"max_steps\": 100000", "\"max_steps\": 0", "$.limits: MaxSteps is out of range")]
    [InlineData("\"format\": 2", "\"format\": 1", "$.format: version 1, this build reads 2")]
    public void Merge_OfASummaryWithBadCaps_IsRefused_NamingTheKey(string find, string replace, string problem)
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string s1 = Sweep(dir, template, "1/1", "s1");
        string path = Path.Combine(s1, "summary.json");
        string text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));

        AssertRefused(dir, problem, s1);
    }

    [Fact]
    public void Merge_OfDifferentRangesOrTemplates_IsRefused()
    {
        using var dir = new TempDir();
        string coin = dir.Write("coin.json", SweepTemplates.Coin);
        string other = dir.Write("two.json", SweepTemplates.TwoCoins);
        string s1 = Sweep(dir, coin, "1/2", "s1");
        string shorter = dir.File("shorter");
        Assert.InRange(Tool.Run("sweep", coin, "--seeds", "1..44", "--shard", "2/2", "--out", shorter).Exit, 0, 1);
        string otherTemplate = Sweep(dir, other, "2/2", "other");

        AssertRefused(dir, $"{shorter} swept seeds 1..44, but {s1} swept 1..45", s1, shorter);
        AssertRefused(dir, $"{otherTemplate} swept template 'two-coins'", s1, otherTemplate);
    }

    [Fact]
    public void Merge_OfADirectoryWithoutASummary_IsRefused()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("empty"));

        AssertRefused(dir, "empty: no readable summary.json", dir.File("empty"));
    }

    [Fact]
    public void Merge_OfShardsThatStoppedEarly_IsIncomplete()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string[] shards = [dir.File("s1"), dir.File("s2")];
        for (int k = 1; k <= 2; k++)
        {
            Assert.Equal(1, Tool.Run("sweep", template, "--seeds", Range, "--shard", $"{k}/2", "--max-failures", "1", "--out", shards[k - 1]).Exit);
        }

        (int exit, string report, _) = Tool.Run("sweep-merge", shards[0], shards[1], "--out", dir.File("merged"));

        Assert.Equal(1, exit);
        Assert.Contains("incomplete: stopped at failure 1 in seed order (--max-failures)", report, StringComparison.Ordinal);
        Assert.Contains("\"complete\": false", File.ReadAllText(dir.File("merged/summary.json")), StringComparison.Ordinal);
    }

    private static string Sweep(TempDir dir, string template, string shard, string name)
    {
        string outDir = dir.File(name);
        (int exit, string stdout, string stderr) = Tool.Run("sweep", template, "--seeds", Range, "--shard", shard, "--jobs", "2", "--quiet", "--out", outDir);
        Assert.True(exit is 0 or 1, $"sweep {shard} exited {exit}: {stdout}{stderr}");
        return outDir;
    }

    private static void AssertRefused(TempDir dir, string problem, params string[] shards)
    {
        string merged = dir.File("refused");
        (int exit, string stdout, string stderr) = Tool.Run(["sweep-merge", .. shards, "--out", merged]);

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(stderr), $"not one line: [{stderr}]");
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.False(Directory.Exists(merged), "a refused merge created its output directory");
    }

    [GeneratedRegex(@"^    replay: dmio-sim replay (.+)$", RegexOptions.Multiline)]
    private static partial Regex ReplayLine();
}
