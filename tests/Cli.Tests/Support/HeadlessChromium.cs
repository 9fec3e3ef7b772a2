using System.Diagnostics;

namespace DmIo.Cli.Tests.Support;

/// <summary>
/// Debian's Chromium at /usr/bin/chromium (.ci/run installs it when absent), run headless on a local file: a
/// screenshot, or the DOM after the page's scripts ran. Every run is bounded by a timeout that fails the test with a
/// message; a missing browser fails the test too, naming how to install it, rather than passing silently.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Writes a PNG screenshot of <paramref name="page"/> at the given window size.</summary>
    public static PngImage Screenshot(string page, int width, int height, string workDir)
    {
        string png = Path.Combine(workDir, Path.GetFileNameWithoutExtension(page) + ".png");
        Run(workDir, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(page).AbsoluteUri);
        Assert.True(File.Exists(png), $"chromium wrote no screenshot at {png}");
        return PngImage.Load(png);
    }

    /// <summary>The DOM of <paramref name="page"/> after its scripts ran in a window of the given size, as HTML.</summary>
    public static string DumpDom(string page, int width, int height, string workDir) =>
        Run(workDir, "--dump-dom", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(page).AbsoluteUri);

    private static string Run(string workDir, params string[] args)
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"{Executable} is missing: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it).");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                     "--force-device-scale-factor=1", "--force-color-profile=srgb", $"--user-data-dir={profile}" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.WorkingDirectory = workDir;
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s");
            }

            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A browser helper may still hold a file for a moment; the temp directory is cleaned by the system.
            }
        }
    }
}
