using System.Text.Json;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class GenerateCommandTests
{
    [Theory]
    [InlineData("mirror")]
    [InlineData("log")]
    [InlineData("copy")]
    [InlineData("fs")]
    public void Generate_ThenRun_EveryRequestSucceedsOnFaultFreeDevices(string workload)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, workload + ".json");

        (int genExit, string genOut, string genErr) = Tool.Run("generate", "--workload", workload, "--seed", "11", "--requests", "24", "--out", path);
        (int runExit, string runOut, string runErr) = Tool.Run("run", path);

        Assert.True(genExit == 0, $"generate exit {genExit}\n{genOut}\n{genErr}");
        Assert.Contains("24 requests", genOut);
        Assert.True(runExit == 0, $"run exit {runExit}\n{runOut}\n{runErr}");
        Assert.Contains("PASS", runOut);
    }

    [Fact]
    public void Generate_SameSeed_WritesTheSameScenario_AndAnotherSeedDoesNot()
    {
        (int a, string first, _) = Tool.Run("generate", "--workload", "mirror", "--seed", "5");
        (int b, string second, _) = Tool.Run("generate", "--workload", "mirror", "--seed", "5");
        (int c, string other, _) = Tool.Run("generate", "--workload", "mirror", "--seed", "6");

        Assert.Equal((0, 0, 0), (a, b, c));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("\"format\": 1", first);
    }

    [Fact]
    public void Generate_WithAnUnknownWorkload_ExitsTwoAndWritesNothing()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "x.json");

        (int exit, _, string error) = Tool.Run("generate", "--workload", "raid5", "--seed", "1", "--out", path);

        Assert.Equal(2, exit);
        Assert.Contains("raid5", error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Generate_WithANegativeSeed_ExitsTwo()
    {
        (int exit, _, string error) = Tool.Run("generate", "--workload", "log", "--seed", "-3");

        Assert.Equal(2, exit);
        Assert.Contains("--seed", error);
    }

    /// <summary>
    /// The scenario of one seed with every hazard, written once by 'generate --workload fs --seed 7 --requests 12
    /// --faults --latency --write-cache' and checked by hand (see the commit that added it): a change to the generator's
    /// draws, the xoshiro source or the scenario writer changes these bytes.
    /// </summary>
    [Fact]
    public void Generate_OneSeedWithEveryHazard_MatchesTheCommittedScenarioByteForByte()
    {
        using var dir = new TempDir();
        string path = dir.File("fs7.json");

        (int exit, string output, string error) = Tool.Run("generate", "--workload", "fs", "--seed", "7", "--requests", "12",
            "--faults", "--latency", "--write-cache", "--out", path);

        Assert.True(exit == 0, output + error);
        Assert.Equal(File.ReadAllText(Repo.Path("tests", "Cli.Tests", "Expected", "generate-fs-7-faults-latency-write-cache.json")), File.ReadAllText(path));
    }

    /// <summary>Another seed gives other requests and another stack: the steps and devices differ, not only the name.</summary>
    [Theory]
    [InlineData("mirror")]
    [InlineData("copy", "--faults", "--latency", "--write-cache")]
    public void Generate_AnotherSeed_GivesOtherStepsAndDevices(string workload, params string[] flags)
    {
        (int a, string first, _) = Tool.Run(["generate", "--workload", workload, "--seed", "5", .. flags]);
        (int b, string other, _) = Tool.Run(["generate", "--workload", workload, "--seed", "6", .. flags]);

        Assert.Equal((0, 0), (a, b));
        using JsonDocument one = JsonDocument.Parse(first);
        using JsonDocument two = JsonDocument.Parse(other);
        Assert.NotEqual(one.RootElement.GetProperty("steps").GetRawText(), two.RootElement.GetProperty("steps").GetRawText());
        if (flags.Length > 0)
        {
            Assert.NotEqual(one.RootElement.GetProperty("devices").GetRawText(), two.RootElement.GetProperty("devices").GetRawText());
        }
    }

    public static TheoryData<string, bool, bool, bool> KindsAndHazards()
    {
        var data = new TheoryData<string, bool, bool, bool>();
        foreach (string kind in new[] { "mirror", "log", "copy", "fs" })
        {
            for (int mask = 0; mask < 8; mask++)
            {
                data.Add(kind, (mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0);
            }
        }

        return data;
    }

    /// <summary>
    /// Every generated scenario loads and runs (exit 0 or 1, never 2 or 3); without --faults every expectation holds
    /// (exit 0); and what each flag promises is in the result document itself: fault decisions with --faults, virtual
    /// time past 0 with --latency, PREFLUSH/FUA bios and crash steps that found a cache with --write-cache.
    /// </summary>
    [Theory]
    [MemberData(nameof(KindsAndHazards))]
    public void Generate_ManySeeds_EveryScenarioRuns_AndTheResultShowsWhatTheFlagsAskFor(string kind, bool faults, bool latency, bool writeCache)
    {
        using var dir = new TempDir();
        foreach (int seed in new[] { 1, 2, 77, 4096, 123457 })
        {
            string scenario = dir.File($"{kind}-{seed}.json");
            string result = dir.File($"{kind}-{seed}.result.json");
            string[] flags = [.. new[] { faults ? "--faults" : null, latency ? "--latency" : null, writeCache ? "--write-cache" : null }.OfType<string>()];
            string what = $"generate --workload {kind} --seed {seed} {string.Join(' ', flags)}";

            (int genExit, string genOut, string genErr) = Tool.Run(["generate", "--workload", kind, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--requests", "48", .. flags, "--out", scenario]);
            Assert.True(genExit == 0, $"{what}: exit {genExit}\n{genOut}{genErr}");
            (int runExit, string runOut, string runErr) = Tool.Run("run", scenario, "--out", result);

            Assert.True(runExit is 0 or 1, $"{what}: run exit {runExit}\n{runOut}{runErr}");
            Assert.True(faults || runExit == 0, $"{what}: an expectation failed without faults\n{runOut}");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(result));
            JsonElement root = doc.RootElement;
            Assert.True(root.GetProperty("error").ValueKind == JsonValueKind.Null, $"{what}: the run stopped: {root.GetProperty("error")}");
            int faultDecisions = root.GetProperty("faults").GetArrayLength();
            long endNanoseconds = root.GetProperty("end_ns").GetInt64();
            int flushOrFua = root.GetProperty("bios").EnumerateArray()
                .Count(b => b.GetProperty("flags").GetString()!.Split(',').Any(f => f is "preflush" or "fua"));
            JsonElement[] crashes = [.. root.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("do").GetString() == "crash")];
            Assert.True(!faults || faultDecisions > 0, $"{what}: no fault decision");
            Assert.True(faults || latency || writeCache || faultDecisions == 0, $"{what}: fault decisions on fault-free devices");
            if (latency)
            {
                Assert.True(endNanoseconds > 0, $"{what}: virtual time stayed 0");
            }

            if (writeCache)
            {
                Assert.True(flushOrFua > 0, $"{what}: no PREFLUSH or FUA bio reached a device");
                Assert.NotEmpty(crashes);
                Assert.All(crashes, c => Assert.NotEmpty(c.GetProperty("caches").EnumerateArray()));
            }
            else
            {
                Assert.Empty(crashes);
            }
        }
    }
}
