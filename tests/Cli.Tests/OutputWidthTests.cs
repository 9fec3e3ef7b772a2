using System.Diagnostics;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>Issue 14: the human table takes the terminal's width, and <c>COLUMNS</c> when standard output is piped.</summary>
public sealed class OutputWidthTests
{
    [Theory]
    [InlineData(120, null, 120)]          // a terminal says how wide it is
    [InlineData(120, "70", 120)]          // ... and wins over COLUMNS
    [InlineData(null, "70", 70)]          // piped: COLUMNS
    [InlineData(null, null, 160)]         // piped, no COLUMNS: the default
    [InlineData(null, "wide", 160)]       // COLUMNS that is not a number is ignored
    [InlineData(null, "0", 160)]
    [InlineData(null, "-5", 160)]
    [InlineData(null, "10", 40)]          // too narrow for the table: raised to the minimum
    [InlineData(20, null, 40)]
    public void Choose_PrefersTheTerminal_ThenColumns_ThenTheDefault(int? terminal, string? columns, int expected)
    {
        Assert.Equal(expected, OutputWidth.Choose(terminal, columns));
    }

    [Fact]
    public async Task PipedRun_HonoursColumns()
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Repo.ToolDll());
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(Repo.Path("examples", "demo-mirror.json"));
        start.Environment["COLUMNS"] = "72";
        start.Environment.Remove("CI");

        (int exit, string text, string error) = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60), "dmio-sim run");

        Assert.True(exit == 0, $"exit {exit}\n{text}\n{error}");
        string[] lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains(lines, l => l.Length > 60); // the table used the room it was given...
        Assert.DoesNotContain(lines, l => l.Length > 72); // ...and no more
    }
}
