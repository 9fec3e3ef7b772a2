using System.Diagnostics;

namespace DmIo.Cli.Tests.Support;

/// <summary>Runs <c>dmio-sim serve</c> as a child process over the given request lines, bounded in time.</summary>
internal static class ServeProcess
{
    /// <summary>Writes every line, closes stdin, and waits up to 60 s for the process to exit (killing it and failing otherwise).</summary>
    /// <returns>The exit code, the response lines and standard error.</returns>
    public static async Task<(int Exit, string[] Responses, string Errors)> RunAsync(IEnumerable<string> requests)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Repo.ToolDll());
        start.ArgumentList.Add("serve");
        using Process process = Process.Start(start)!;
        foreach (string line in requests)
        {
            process.StandardInput.WriteLine(line);
        }

        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("serve did not exit within 60 s after its input ended");
        }

        return (process.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stderr);
    }
}
