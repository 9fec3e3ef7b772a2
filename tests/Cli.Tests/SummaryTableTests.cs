using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// Issue 14: the human summary of <c>run</c> does not call a step "ok" when it went wrong without anyone saying that
/// was intended — a device message the target refused shows the target's reason, a request that returned an error
/// without an <c>expect</c> is marked — and it fits the width it is given.
/// </summary>
public sealed class SummaryTableTests
{
    private const string Devices = """
        "devices": [
          { "name": "disk", "backend": "memory", "sectors": 64 },
          { "name": "dusty", "table": [ "0 64 dust disk 0 512" ] },
          { "name": "dead", "table": [ "0 64 error" ] }
        ]
        """;

    [Fact]
    public void RefusedMessage_WithoutExpect_ShowsTheReason_AndIsNotOk()
    {
        (int exit, string output, string error) = RunScenario("""{ "do": "message", "device": "dusty", "text": "frobnicate" }""");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}"); // nothing was expected, so nothing failed
        string row = Row(output, "message");
        Assert.Contains("refused: ", row, StringComparison.Ordinal);
        Assert.Contains("unrecognized message", row, StringComparison.Ordinal); // dust_message's own words
        Assert.DoesNotContain(" ok ", row + " ", StringComparison.Ordinal);
    }

    [Fact]
    public void RefusedMessage_ThatWasExpected_SaysSo()
    {
        (int exit, string output, _) = RunScenario("""{ "do": "message", "device": "dusty", "text": "frobnicate", "expect": { "error": true } }""");

        Assert.Equal(0, exit);
        string row = Row(output, "message");
        Assert.Contains("refused: ", row, StringComparison.Ordinal);
        Assert.Contains("(expected)", row, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedRequest_WithoutExpect_IsMarked_AndOneWithExpect_IsOk()
    {
        (int exit, string output, string error) = RunScenario(
            """{ "do": "io", "id": "loose", "op": "write", "regions": [ { "device": "dead", "sector": 0, "count": 8 } ] }""",
            """{ "do": "io", "id": "meant", "op": "write", "regions": [ { "device": "dead", "sector": 0, "count": 8 } ], "expect": { "rc": -5 } }""",
            """{ "do": "io", "id": "fine", "op": "write", "regions": [ { "device": "disk", "sector": 0, "count": 8 } ] }""");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("error, no expect", Row(output, "loose:"), StringComparison.Ordinal);
        Assert.EndsWith(" ok", Row(output, "meant:"), StringComparison.Ordinal);
        Assert.EndsWith(" ok", Row(output, "fine:"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(100)]
    public void Table_FitsTheWidthItIsGiven(int width)
    {
        var output = new StringWriter();
        int exit = DmIoSimCli.Run(["run", Repo.Path("examples", "demo-mirror.json")], new CliContext(output, new StringWriter(), interactive: false, width));

        Assert.Equal(0, exit);
        string[] tooWide = [.. output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > width)];
        Assert.True(tooWide.Length == 0, $"{tooWide.Length} line(s) wider than {width}:\n{string.Join('\n', tooWide)}");
        Assert.Contains("PASS", output.ToString(), StringComparison.Ordinal);
    }

    private static (int Exit, string Out, string Err) RunScenario(params string[] steps)
    {
        using var dir = new TempDir();
        string path = dir.Write("s.json", $$"""{ "format": 1, {{Devices}}, "steps": [ {{string.Join(", ", steps)}} ] }""");
        return Tool.Run("run", path);
    }

    /// <summary>The table row (trimmed) whose text contains <paramref name="marker"/>, joined with its wrapped continuation lines.</summary>
    private static string Row(string output, string marker)
    {
        string[] lines = output.Split('\n');
        int at = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no row with '{marker}' in:\n{output}");
        var row = new List<string> { lines[at].Trim() };
        for (int i = at + 1; i < lines.Length && lines[i].StartsWith("      ", StringComparison.Ordinal) && lines[i].Trim().Length > 0; i++)
        {
            row.Add(lines[i].Trim());
        }

        return string.Join(' ', row);
    }
}
