using System.Diagnostics;
using DmIo.Docs.Tests.Support;

namespace DmIo.Docs.Tests;

/// <summary>
/// Issue 14: the README's API snippet compiles and runs as written. It is examples/ApiTour/Program.cs, quoted whole;
/// this project builds that program (a project reference) and these tests hold the quote to the file and run it.
/// </summary>
public sealed class ApiExampleTests
{
    private static readonly string ProgramPath = Repo.Path("examples", "ApiTour", "Program.cs");

    [Fact]
    public void ReadmeApiSnippet_IsExactlyTheExampleProgram()
    {
        string readme = File.ReadAllText(Repo.Path("README.md"));
        int section = readme.IndexOf("## The API at a glance", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '## The API at a glance' section");
        Markdown.CodeBlock snippet = Markdown.CodeBlocks(readme[section..]).First();

        Assert.Equal("csharp", snippet.Language);
        Assert.Equal(File.ReadAllText(ProgramPath).Replace("\r\n", "\n", StringComparison.Ordinal), snippet.Text);
    }

    [Fact]
    public async Task ExampleProgram_RunsToTheOutcomesDmIoPromises()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "dmio-api-tour.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built next to the tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the API example did not exit within 60 s");
        }

        string stdout = await output;
        string stderr = await error;

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        // Memory devices complete every bio inline and without error, so every request succeeds with no bit set; the
        // async write's callback runs before AsyncVm returns (dm-io drops its own reference last). A memory device
        // supports DISCARD, so the discard of two regions sets no bit either.
        Assert.Equal(
            """
            sync write: rc 0, error bits 0x0
            async write done: 0x0
            log write with PREFLUSH|FUA: rc 0, error bits 0x0
            discard: rc 0, error bits 0x0

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(string.Empty, stderr);
    }
}
