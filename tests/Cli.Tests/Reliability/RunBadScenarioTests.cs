using DmIo.Cli.Tests.Support;
using DmIo.Scenarios.Reliability;
using Xunit.Abstractions;

namespace DmIo.Cli.Tests.Reliability;

/// <summary>
/// <c>dmio-sim run --out --trace</c> over the scenario loader's bad-input catalogue: exit code 2, one error line naming
/// the file, line, column and JSON path, and no result or trace file — not even an empty one.
/// </summary>
public sealed class RunBadScenarioTests(ITestOutputHelper output)
{
    public static TheoryData<BadScenario> Rows() => BadScenarioCatalogue.Data();

    [Theory]
    [MemberData(nameof(Rows))]
    public void Run_BadScenario_ExitsTwoNamingThePath_AndWritesNoOutputFile(BadScenario row)
    {
        using var dir = new TempDir();
        string file = dir.Write("bad.json", row.Json);
        string result = dir.File("result.json");
        string trace = dir.File("trace.jsonl");

        (int exit, string stdout, string stderr) = Tool.Run("run", file, "--out", result, "--trace", trace);

        Assert.True(exit == 2, $"{row}: exit {exit}\n{stdout}\n{stderr}");
        Assert.True(stderr.StartsWith($"error: {file}:", StringComparison.Ordinal) && stderr.Contains($": {row.Path}: ", StringComparison.Ordinal) &&
                    stderr.Contains(row.Problem, StringComparison.Ordinal), $"{row}: {stderr}");
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.True(Directory.GetFiles(dir.Path).Length == 1, $"{row}: left {string.Join(", ", Directory.GetFiles(dir.Path).Select(Path.GetFileName))}");
    }

    [Fact]
    public void Run_OutIntoAMissingDirectory_ExitsTwoWithoutAStackTrace()
    {
        using var dir = new TempDir();
        string file = dir.Write("good.json", BadScenarioCatalogue.Valid);

        (int exit, string stdout, string stderr) = Tool.Run("run", file, "--out", dir.File(Path.Combine("no", "such", "result.json")));

        output.WriteLine(stderr);
        Assert.True(exit == 2 && !stderr.Contains("   at ", StringComparison.Ordinal), $"exit {exit}\n{stdout}\n{stderr}");
    }
}
