using System.Diagnostics;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// Issue 13 part 5: standard output that cannot be written (here /dev/full, which fails every write with ENOSPC) is
/// an output error like any other: one line naming standard output, exit 2, never an internal error (exit 3).
/// The tool runs as its own process, so the real console streams are the ones that fail.
/// </summary>
public sealed class StandardOutputFailureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2); // generous: the suite shares 2 cores

    [Theory]
    [InlineData("run", "S")]                                            // the report
    [InlineData("run", "S", "--out", "-")]                              // the result document
    [InlineData("replay", "T", "--out", "-")]                           // a replay's result document
    [InlineData("sweep", "C", "--seeds", "1..3", "--out", "OUT")]       // the progress lines and report
    [InlineData("export-log-writes", "T", "-", "--device", "leg0")]     // binary log data
    public async Task ACommand_WhoseStandardOutputFails_SaysSoOnOneLine_AndExitsTwo(params string[] args)
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        var start = new ProcessStartInfo("/bin/sh");
        foreach (string arg in new[] { "-c", "exec \"$@\" > /dev/full", "sh", "dotnet", Repo.ToolDll() }.Concat(fixtures.Args(args)))
        {
            start.ArgumentList.Add(arg == "OUT" ? dir.File("out") : arg);
        }

        (int exit, _, string stderr) = await ChildProcess.RunAsync(start, Patience, $"dmio-sim {string.Join(' ', args)}");

        Assert.Equal(2, exit);
        Assert.Equal("error: standard output: No space left on device\n", stderr);
    }
}
