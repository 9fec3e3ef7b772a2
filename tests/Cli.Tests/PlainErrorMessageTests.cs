using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// Issue 14: error messages in plain words — no parser position text, the wrong kind of file named as such, and one
/// line for an unknown command — each on one stderr line with exit 2.
/// </summary>
public sealed class PlainErrorMessageTests
{
    [Theory]
    [InlineData("run", "x\n")]
    [InlineData("run", "{ \"format\": 1,\n")]
    [InlineData("replay", "x\n")]
    [InlineData("replay", "{\"step\":0,\"t\":0,\"ev\":\n")]
    public void MalformedJson_IsDescribedWithoutTheParsersPositionText(string command, string text)
    {
        using var dir = new TempDir();
        string path = dir.Write("bad.json", text);

        (int exit, string output, string error) = Tool.Run(command, path);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.True(Tool.IsOneLine(error), error);
        Assert.Contains("not valid JSON: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error, StringComparison.Ordinal);
        Assert.StartsWith($"error: {path}:", error, StringComparison.Ordinal);
        Assert.Matches(@"^error: [^ ]+:[1-9][0-9]*(:[1-9][0-9]*)?: ", error); // our own 1-based position instead
    }

    [Fact]
    public void ServeRequest_ThatIsNotJson_IsDescribedWithoutTheParsersPositionText()
    {
        (int exit, string output, _) = Tool.RunWithInput("{\"id\":1,\n", "serve");

        Assert.Equal(0, exit); // serve answers a bad line and carries on
        Assert.Contains("not valid JSON", output, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AResultFile_GivenAsATrace_OrAsAScenario_IsNamedAsAResultFile()
    {
        using var dir = new TempDir();
        string result = dir.File("result.json");
        string trace = dir.File("run.jsonl");
        Assert.Equal(0, Tool.Run("run", Repo.Path("examples", "demo-mirror.json"), "--out", result, "--trace", trace).Exit);

        AssertOneLineError(Tool.Run("replay", result), $"error: {result}: this is a result file, not a trace (");
        AssertOneLineError(Tool.Run("export-log-writes", result, dir.File("x.log"), "--device", "leg0"), $"error: {result}: this is a result file, not a trace (");
        AssertOneLineError(Tool.Run("run", result), $"error: {result}: this is a result file, not a scenario (");
        AssertOneLineError(Tool.Run("run", trace), $"error: {trace}: this is a trace, not a scenario (");
        AssertOneLineError(Tool.RunWithInput(File.ReadAllText(result), "replay", "-"), "error: <stdin>: this is a result file, not a trace (");
        Assert.False(File.Exists(dir.File("x.log")), "a refused export wrote its output anyway");
    }

    [Theory]
    [InlineData("timeline")]
    [InlineData("report")]
    public void ATraceOrAScenario_GivenForAResult_IsNamedAsSuch_AndBadJsonHasNoPositionText(string command)
    {
        using var dir = new TempDir();
        string result = dir.File("result.json");
        string trace = dir.File("run.jsonl");
        string scenario = Repo.Path("examples", "demo-mirror.json");
        string bad = dir.Write("bad.json", "{ nope");
        Assert.Equal(0, Tool.Run("run", scenario, "--out", result, "--trace", trace).Exit);
        string output = dir.File("out");

        AssertOneLineError(Tool.Run(command, trace, "-o", output), $"error: {trace}: this is a trace, not a result file (");
        AssertOneLineError(Tool.Run(command, scenario, "-o", output), $"error: {scenario}: this is a scenario, not a result file (");
        (int exit, _, string error) = Tool.Run(command, bad, "-o", output);
        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(error), error);
        Assert.StartsWith($"error: {bad}: Not a result document: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a refused command wrote its output anyway");
    }

    [Fact]
    public void AScenarioWithAMistake_IsStillDescribedByItsField_NotAsAnotherKindOfFile()
    {
        using var dir = new TempDir();
        string path = dir.Write("s.json", """{ "format": 1, "devices": [ { "name": "d", "backend": "memory", "sectors": "lots" } ], "steps": [] }""");

        AssertOneLineError(Tool.Run("run", path), $"error: {path}:1:");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--max-steps", "10", "frobnicate")]
    [InlineData("frobnicate", "examples/demo-mirror.json", "--out", "x.json")]
    public void UnknownCommand_IsOneLineNamingItAndTheCommands(params string[] args)
    {
        (int exit, string output, string error) = Tool.Run(args);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: unknown command 'frobnicate'; the commands are run, record, replay, sweep, sweep-merge, generate, timeline, report, export-log-writes, serve, nbd (try 'dmio-sim --help')\n", error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void KnownCommand_AfterARootOption_IsNotMistakenForAnUnknownOne()
    {
        Assert.Equal(0, Tool.Run("--max-steps", "100", "run", Repo.Path("examples", "demo-mirror.json")).Exit);
    }

    private static void AssertOneLineError((int Exit, string Out, string Err) run, string start)
    {
        Assert.True(run.Exit == 2, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.True(Tool.IsOneLine(run.Err), run.Err);
        Assert.StartsWith(start, run.Err, StringComparison.Ordinal);
    }
}
