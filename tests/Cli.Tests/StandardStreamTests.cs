using System.Text.Json;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// Issue 13 part 5: <c>-</c> is standard input for scenario, template, trace and result inputs, and standard output
/// for result, trace, SVG, scenario and log outputs; standard output then carries that data and nothing else.
/// </summary>
public sealed class StandardStreamTests
{
    [Fact]
    public void Run_ReadsTheScenarioFromStandardInput()
    {
        using var fixtures = new CliFixtures();

        (int exit, string stdout, _) = Tool.RunWithInput(File.ReadAllText(fixtures.Scenario), "run", "-");

        Assert.Equal(0, exit);
        Assert.Contains("PASS: every expectation holds.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithTheResultOnStandardOutput_PrintsTheResultAndNothingElse()
    {
        using var fixtures = new CliFixtures();

        (int exit, string stdout, _) = Tool.Run("run", fixtures.Scenario, "--out", "-");

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(fixtures.Result), stdout);
    }

    [Fact]
    public void Run_TraceOnStandardOutput_ReplaysFromStandardInput()
    {
        using var fixtures = new CliFixtures();

        (int recorded, string trace, _) = Tool.Run("record", fixtures.Scenario, "--trace", "-");
        (int replayed, string stdout, _) = Tool.RunWithInput(trace, "replay", "-");

        Assert.Equal((0, 0), (recorded, replayed));
        Assert.Equal(File.ReadAllText(fixtures.Trace), trace);
        Assert.Contains("identical", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithBothOutputsOnStandardOutput_IsRefused()
    {
        using var fixtures = new CliFixtures();

        (int exit, string stdout, string stderr) = Tool.Run("run", fixtures.Scenario, "--out", "-", "--trace", "-");

        Assert.Equal((2, string.Empty), (exit, stdout));
        Assert.True(Tool.IsOneLine(stderr), $"not one line: [{stderr}]");
        Assert.Contains("only one of them can go to standard output", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_WithTheResultOnStandardOutput_PrintsOnlyJson()
    {
        using var fixtures = new CliFixtures();

        (int exit, string stdout, _) = Tool.Run("replay", fixtures.Trace, "--out", "-");

        Assert.Equal(0, exit);
        using JsonDocument result = JsonDocument.Parse(stdout);
        Assert.True(result.RootElement.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Replay_WithTraceAndScenarioBothFromStandardInput_IsRefused()
    {
        (int exit, _, string stderr) = Tool.RunWithInput("{}", "replay", "-", "--scenario", "-");

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(stderr), $"not one line: [{stderr}]");
        Assert.Contains("only one of them can come from standard input", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_ReadsTheResultFromStandardInput_AndWritesTheSvgToStandardOutput()
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        Assert.Equal(0, Tool.Run("timeline", fixtures.Result, "--out", dir.File("t.svg")).Exit);

        (int exit, string stdout, _) = Tool.RunWithInput(File.ReadAllText(fixtures.Result), "timeline", "-", "--out", "-");

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(dir.File("t.svg")), stdout);
    }

    [Fact]
    public void Generate_ToStandardOutput_IsTheSameAsNoOut()
    {
        string dash = Tool.Run("generate", "--workload", "log", "--seed", "4", "--out", "-").Out;
        string absent = Tool.Run("generate", "--workload", "log", "--seed", "4").Out;

        Assert.StartsWith("{", dash, StringComparison.Ordinal);
        Assert.Equal(absent, dash);
    }

    [Fact]
    public void ExportLogWrites_ReadsTheTraceFromStandardInput_AndWritesTheLogToStandardOutput()
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        Assert.Equal(0, Tool.Run("export-log-writes", fixtures.Trace, dir.File("x.log"), "--device", "leg0").Exit);
        var output = new StringWriter();
        using var binary = new MemoryStream();
        var context = new CliContext(output, new StringWriter(), interactive: false)
        {
            Input = new StringReader(File.ReadAllText(fixtures.Trace)),
            OpenBinaryOutput = () => binary,
        };

        int exit = DmIoSimCli.Run(["export-log-writes", "-", "-", "--device", "leg0"], context);

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(dir.File("x.log")), binary.ToArray());
        Assert.Equal(string.Empty, output.ToString()); // the log is the only thing on standard output
    }

    [Fact]
    public void Sweep_ReadsTheTemplateFromStandardInput()
    {
        using var dir = new TempDir();
        string file = dir.Write("coin.json", SweepTemplates.Coin);

        (int fromFile, string a, _) = Tool.Run("sweep", file, "--seeds", "1..20", "--quiet", "--out", dir.File("a"));
        (int fromStdin, string b, _) = Tool.RunWithInput(SweepTemplates.Coin, "sweep", "-", "--seeds", "1..20", "--quiet", "--out", dir.File("b"));

        Assert.Equal((1, 1), (fromFile, fromStdin));
        Assert.Equal(File.ReadAllText(dir.File("a/summary.json")), File.ReadAllText(dir.File("b/summary.json")));
        Assert.Contains("sweep <stdin>: seeds 1..20", b, StringComparison.Ordinal);
        Assert.Equal(a.Replace(file, "<stdin>", StringComparison.Ordinal).Replace(dir.File("a"), dir.File("b"), StringComparison.Ordinal), b);
    }
}
