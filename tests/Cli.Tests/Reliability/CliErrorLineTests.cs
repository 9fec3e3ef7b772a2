using DmIo.Cli.Tests.Support;
using DmIo.Scenarios.Reliability;

namespace DmIo.Cli.Tests.Reliability;

/// <summary>
/// Issue 12: whatever happens, standard error gets exactly one line per error and never a stack trace, and the exit
/// code is one the docs list (0, 1, 2, or 3 for an internal error).
/// </summary>
public sealed class CliErrorLineTests
{
    private const string Scenario = """
        {"format":1,"devices":[{"name":"d0","backend":"memory","sectors":2048}],
         "steps":[{"do":"io","op":"write","regions":[{"device":"d0","sector":0,"count":16}]}]}
        """;

    [Fact]
    public void BadValueContainingANewline_IsReportedOnOneLine()
    {
        using var dir = new TempDir();
        // The problem quotes the bad name, which holds a line feed, a carriage return and an escape character.
        string file = dir.Write("bad.json", """{"format":1,"devices":[{"name":"d0\nx\r\u001b[31m","backend":"memory","sectors":8}],"steps":[]}""");

        (int exit, _, string stderr) = Tool.Run("run", file);

        Assert.Equal(2, exit);
        Assert.True(stderr.EndsWith('\n') && stderr.IndexOf('\n') == stderr.Length - 1, $"not one line: [{stderr}]");
        Assert.Contains("d0\\nx\\r\\u001b[31m", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionParseErrors_AreOneLine()
    {
        (int exit, _, string stderr) = Tool.Run("run", "--no-such-option", "x", "--also-not");

        Assert.Equal(2, exit);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("dmio-sim --help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedException_IsExitThree_OneLine_NoStackTrace()
    {
        using var dir = new TempDir();
        string file = dir.Write("good.json", BadScenarioCatalogue.Valid);
        var error = new StringWriter();

        // Standard output failing (a closed pipe, a full disk) is not something any command handles.
        int exit = DmIoSimCli.Run(["run", file], new CliContext(new FailingWriter(), error, interactive: false));

        string stderr = error.ToString();
        Assert.Equal(ExitCodes.InternalError, exit);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("internal error: IOException: No space left on device", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-request-bytes", "4K", "$.steps[0].regions[0].count", "past the limit of 4KiB (--max-request-bytes)")]
    [InlineData("--max-device-bytes", "512K", "$.devices[0].sectors", "past the limit of 512KiB (--max-device-bytes)")]
    [InlineData("--max-input-bytes", "100", "$", "bytes, past the limit of 100 (--max-input-bytes)")]
    [InlineData("--max-steps", "0x", null, "--max-steps: '0x' is not a whole number")]
    [InlineData("--max-steps", "0", null, "--max-steps: must be at least 1")]
    [InlineData("--max-request-bytes", "2G", null, "--max-request-bytes: must be at least 1 sector (512) and at most 1GiB")]
    [InlineData("--max-virtual-time", "soon", null, "--max-virtual-time: 'soon' is not a duration")]
    public void LimitFlags_LowerTheCaps_AndBadValuesNameTheFlag(string flag, string value, string? path, string problem)
    {
        using var dir = new TempDir();
        string file = dir.Write("s.json", Scenario);

        (int exit, string stdout, string stderr) = Tool.Run("run", file, flag, value);

        Assert.True(exit == 2, $"exit {exit}: {stdout}{stderr}");
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        if (path is not null)
        {
            Assert.Contains($": {path}: ", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LimitFlags_RaiseTheCaps()
    {
        using var dir = new TempDir();
        string file = dir.Write("s.json", Scenario.Replace("\"count\":16", "\"count\":524289", StringComparison.Ordinal));

        (int refused, _, _) = Tool.Run("run", file);
        (int ran, string stdout, string stderr) = Tool.Run("run", file, "--max-request-bytes", "512M");

        Assert.Equal(2, refused);
        Assert.True(ran == 0, $"exit {ran}: {stdout}{stderr}");
    }

    [Fact]
    public void EachCommandTree_HasItsOwnLimitOptions()
    {
        // Shared option objects collected every tree they were added to as a parent: in-process runs grew slower
        // run after run (the scenario fuzz target fell from ~3000 to ~360 inputs/s).
        var context = new CliContext(new StringWriter(), new StringWriter(), interactive: false);
        var first = DmIoSimCli.Build(context).Options.Single(o => o.Name == "--max-steps");
        var second = DmIoSimCli.Build(context).Options.Single(o => o.Name == "--max-steps");

        Assert.NotSame(first, second);
    }

    private sealed class FailingWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }
}
