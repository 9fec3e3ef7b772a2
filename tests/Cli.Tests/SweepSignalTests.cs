using System.Diagnostics;
using System.Text.Json;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// A sweep in its own process stops cleanly on SIGINT (Ctrl-C in a terminal) and on SIGTERM (what Kubernetes and
/// Slurm send): the seeds in flight finish, their files are written, and the summary says it was interrupted.
/// </summary>
public sealed class SweepSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2); // generous: the suite shares 2 cores

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Sweep_Signalled_FinishesTheSeedsInFlight_AndWritesAnIncompleteSummary(string signal)
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string outDir = dir.File("out");
        // env resets SIGINT to its default first: a shell runs background jobs (a CI step, `dotnet test &`) with
        // SIGINT ignored, children inherit that, and the runtime then leaves it ignored as nohup intends.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "--default-signal=INT", "dotnet", Repo.ToolDll(), "sweep", template, "--seeds", "1..100000000", "--jobs", "2", "--quiet", "--out", outDir })
        {
            start.ArgumentList.Add(arg);
        }

        using Process sweep = Process.Start(start)!;
        Task<string> errors = sweep.StandardError.ReadToEndAsync();
        string? header = await sweep.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        string? firstFailure = await sweep.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        Assert.StartsWith("sweep ", header, StringComparison.Ordinal);
        Assert.StartsWith("seed ", firstFailure, StringComparison.Ordinal);

        using (Process kill = Process.Start("kill", ["-" + signal, sweep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(Patience);
        }

        string rest = await sweep.StandardOutput.ReadToEndAsync().WaitAsync(Patience);
        bool exited = sweep.WaitForExit(Patience);
        Assert.True(exited, $"the sweep did not stop within {Patience} of SIG{signal}");
        Assert.Equal((1, string.Empty), (sweep.ExitCode, await errors));
        Assert.Contains("incomplete: interrupted", rest, StringComparison.Ordinal);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal("interrupted", summary.RootElement.GetProperty("stopped").GetString());
        Assert.Equal(summary.RootElement.GetProperty("failed").GetUInt64() * 3, (ulong)Directory.GetFiles(outDir, "seed-*").Length);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }
}
