using System.Diagnostics;

namespace DmIo.Cli.Tests.Support;

/// <summary>Runs a child process to its end with its output captured, bounded in time.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> (standard output and error are redirected here), reads both streams, and waits
    /// up to <paramref name="patience"/> for it to exit; past that it is killed and the test fails naming <paramref name="what"/>.
    /// </summary>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(ProcessStartInfo start, TimeSpan patience, string what)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{what} did not exit within {patience}");
        }

        return (process.ExitCode, await output, await error);
    }
}
