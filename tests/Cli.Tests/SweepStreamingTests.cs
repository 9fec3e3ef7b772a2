using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DmIo.Cli.Tests.Support;
using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Tests;

/// <summary>Issue 13 part 1 and 2: streamed seeds, files in each seed's turn, Ctrl-C, --max-failures, --quiet, groups.</summary>
public sealed partial class SweepStreamingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2); // generous: the suite shares 2 cores

    [Fact]
    public void Sweep_WithOneOrThreeJobs_PrintsTheSameBytesAndWritesTheSameSummary()
    {
        using var dir = new TempDir();
        string template = dir.Write("two.json", SweepTemplates.TwoCoins);
        string outDir = dir.File("out");

        // The same --out both times, so even the paths printed are the same.
        (int exit1, string out1, string err1) = Tool.Run("sweep", template, "--seeds", "1..60", "--jobs", "1", "--out", outDir);
        string summary1 = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        Directory.Delete(outDir, recursive: true);
        (int exit3, string out3, string err3) = Tool.Run("sweep", template, "--seeds", "1..60", "--jobs", "3", "--out", outDir);
        string summary3 = File.ReadAllText(Path.Combine(outDir, "summary.json"));

        Assert.Equal((1, string.Empty), (exit1, err1));
        Assert.Equal((1, string.Empty), (exit3, err3));
        Assert.Equal(out1, out3);
        Assert.Equal(summary1, summary3);
        Assert.Equal(60, SeedLine().Matches(out1).Count);
    }

    [Fact]
    public void Sweep_MaxFailures_StopsAtTheNthFailingSeedInSeedOrder_WhateverTheJobs()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        var full = Verdicts(Tool.Run("sweep", template, "--seeds", "1..200", "--out", dir.File("full")).Out);
        ulong[] firstThree = [.. full.Where(v => v.Value == "FAIL").Select(v => v.Key).Take(3)];
        string outDir = dir.File("out");

        (int exit1, string out1, _) = Tool.Run("sweep", template, "--seeds", "1..200", "--jobs", "1", "--max-failures", "3", "--out", outDir);
        string summary1 = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        Directory.Delete(outDir, recursive: true);
        (_, string out4, _) = Tool.Run("sweep", template, "--seeds", "1..200", "--jobs", "4", "--max-failures", "3", "--out", outDir);
        string summary4 = File.ReadAllText(Path.Combine(outDir, "summary.json"));

        Assert.Equal(1, exit1);
        Assert.Equal(out1, out4);
        Assert.Equal(summary1, summary4);
        var reported = Verdicts(out4);
        Assert.Equal(firstThree, reported.Where(v => v.Value == "FAIL").Select(v => v.Key));
        Assert.Equal(firstThree[^1], reported.Keys.Max()); // nothing after the third failure is reported
        Assert.Equal(Enumerable.Range(1, (int)firstThree[^1]).Select(i => (ulong)i), reported.Keys);
        using JsonDocument summary = JsonDocument.Parse(summary4);
        Assert.Equal(firstThree[^1], summary.RootElement.GetProperty("seeds_run").GetUInt64());
        Assert.Equal(3UL, summary.RootElement.GetProperty("failed").GetUInt64());
        Assert.False(summary.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal("max-failures", summary.RootElement.GetProperty("stopped").GetString());
        Assert.Equal(9, Directory.GetFiles(outDir, "seed-*").Length);
    }

    [Fact]
    public async Task Sweep_Interrupted_FinishesTheSeedsInFlight_WritesNothingHalfDone_AndAnIncompleteSummary()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string outDir = dir.File("out");
        using var interrupt = new CancellationTokenSource();
        var output = new LineWatcher(outDir, cancelAfterSeedLines: 5, interrupt);
        var error = new StringWriter();
        var context = new CliContext(output, error, interactive: false) { Cancellation = interrupt.Token };

        // A hundred million seeds: only a streamed sweep gets to the fifth line, and only a clean stop ends in time.
        var run = Task.Run(() => DmIoSimCli.Run(["sweep", template, "--seeds", "1..100000000", "--jobs", "2", "--out", outDir], context));

        Assert.True(await Task.WhenAny(run, Task.Delay(Patience)) == run, $"the sweep did not stop within {Patience} of the cancellation");
        string stdout = output.ToString();
        var verdicts = Verdicts(stdout);
        Assert.Equal((1, string.Empty), (await run, error.ToString()));
        Assert.Empty(output.FilesMissingWhenPrinted);
        Assert.InRange(verdicts.Count, 5, 5 + (2 * SweepRunner.SeedsPerJobInWindow)); // at most the window of two jobs after the stop
        Assert.Equal(Enumerable.Range(1, verdicts.Count).Select(i => (ulong)i), verdicts.Keys);
        Assert.Contains("incomplete: interrupted", stdout, StringComparison.Ordinal);
        int failing = verdicts.Count(v => v.Value == "FAIL");
        Assert.Equal(failing * 3, Directory.GetFiles(outDir, "seed-*").Length);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.False(summary.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal("interrupted", summary.RootElement.GetProperty("stopped").GetString());
        Assert.Equal((ulong)verdicts.Count, summary.RootElement.GetProperty("seeds_run").GetUInt64());
        Assert.Equal(100_000_000UL, summary.RootElement.GetProperty("seeds_in_shard").GetUInt64());
    }

    [Fact]
    public void Sweep_Quiet_PrintsTheFailingSeedsOnly()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);

        string loud = Tool.Run("sweep", template, "--seeds", "1..40", "--out", dir.File("a")).Out;
        string quiet = Tool.Run("sweep", template, "--seeds", "1..40", "--quiet", "--out", dir.File("b")).Out;

        var failing = Verdicts(loud).Where(v => v.Value == "FAIL").ToList();
        Assert.NotEmpty(failing);
        Assert.Equal(failing, Verdicts(quiet));
        Assert.Contains($"{40 - failing.Count} passed, {failing.Count} failed.", quiet, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_GroupsFailuresBySignature_ListsTheSmallestSeeds_AndTheReplayCommandWorks()
    {
        using var dir = new TempDir();
        string template = dir.Write("two.json", SweepTemplates.TwoCoins);
        string outDir = dir.File("out");

        (_, string stdout, _) = Tool.Run("sweep", template, "--seeds", "1..80", "--jobs", "2", "--out", outDir);

        var firstFailures = FailLine().Matches(stdout).Select(m => (Seed: ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Step: m.Groups[2].Value)).ToList();
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var groups = summary.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        foreach (JsonElement group in groups)
        {
            string signature = group.GetProperty("signature").GetString()!;
            var expected = firstFailures.Where(f => signature.StartsWith(f.Step, StringComparison.Ordinal)).Select(f => f.Seed).ToList();
            Assert.Equal((ulong)expected.Count, group.GetProperty("count").GetUInt64());
            Assert.Equal(expected.Take(5), group.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
            Assert.Equal($"seed-{expected[0]}.trace.jsonl", group.GetProperty("replay").GetString());
        }

        Assert.True(groups[0].GetProperty("count").GetUInt64() >= groups[1].GetProperty("count").GetUInt64(), "largest group first");
        var replays = ReplayLine().Matches(stdout).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, replays.Count);
        Assert.All(replays, trace => Assert.Equal(0, Tool.Run("replay", trace).Exit));
    }

    [Fact]
    public void Sweep_OnATerminal_ShowsCountRateFailuresAndTimeLeft_AndRedirectedOutputShowsNone()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        var terminal = new StringWriter();

        int exit = DmIoSimCli.Run(["sweep", template, "--seeds", "1..30", "--out", dir.File("a")], new CliContext(terminal, new StringWriter(), interactive: true));
        string redirected = Tool.Run("sweep", template, "--seeds", "1..30", "--out", dir.File("b")).Out;

        Assert.Equal(1, exit);
        Assert.Matches(@"30/30 seeds, [0-9.]+ seeds/s, \d+ failing", terminal.ToString());
        Assert.Matches(@"(\d\d|--):(\d\d|--):(\d\d|--)", terminal.ToString()); // the time left
        Assert.DoesNotContain("seeds/s", redirected, StringComparison.Ordinal);
        Assert.DoesNotContain("failing", redirected, StringComparison.Ordinal);
    }

    private static Dictionary<ulong, string> Verdicts(string output) =>
        SeedLine().Matches(output).ToDictionary(m => ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);

    [GeneratedRegex(@"^seed (\d+): (pass|FAIL)", RegexOptions.Multiline)]
    private static partial Regex SeedLine();

    [GeneratedRegex(@"^seed (\d+): FAIL (step \d+ \([^)]*\))", RegexOptions.Multiline)]
    private static partial Regex FailLine();

    [GeneratedRegex(@"^    replay: dmio-sim replay (.+)$", RegexOptions.Multiline)]
    private static partial Regex ReplayLine();

    // Standard output that cancels the sweep after some seed lines and checks each failing seed's files exist when
    // its line is printed (they are written first, in the seed's turn).
    private sealed partial class LineWatcher(string outDir, int cancelAfterSeedLines, CancellationTokenSource interrupt) : StringWriter(CultureInfo.InvariantCulture)
    {
        private int _seedLines;

        public List<string> FilesMissingWhenPrinted { get; } = [];

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is null || SeedLine().Match(value) is not { Success: true } line)
            {
                return;
            }

            if (line.Groups[2].Value == "FAIL")
            {
                string stem = Path.Combine(outDir, "seed-" + line.Groups[1].Value);
                FilesMissingWhenPrinted.AddRange(new[] { ".json", ".trace.jsonl", ".result.json" }.Select(e => stem + e).Where(f => !File.Exists(f)));
            }

            if (++_seedLines == cancelAfterSeedLines)
            {
                interrupt.Cancel();
            }
        }
    }
}
