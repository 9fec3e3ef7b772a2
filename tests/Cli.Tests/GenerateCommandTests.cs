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
}
