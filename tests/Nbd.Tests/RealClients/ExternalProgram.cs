using System.Diagnostics;

namespace DmIo.Nbd.Tests.RealClients;

/// <summary>Runs a real NBD client program with a deadline; a missing program fails the test naming its Debian package.</summary>
internal static class ExternalProgram
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, string debianPackage, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        string path = Path.Combine("/usr/bin", program);
        Assert.True(File.Exists(path), $"{path} is missing: install the Debian package {debianPackage} (apt-get install {debianPackage})");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{program} {string.Join(' ', start.ArgumentList)} did not end within {limit.TotalSeconds} s; stderr: {await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
