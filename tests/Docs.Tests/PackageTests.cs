using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using DmIo.Docs.Tests.Support;

namespace DmIo.Docs.Tests;

/// <summary>
/// Issue 14: <c>dotnet pack</c> of the libraries and the tool works with no warning, and every package carries the
/// MIT licence, the README, a description and no repository address. Packs what the test run already built
/// (<c>--no-build</c>, the tests' own configuration) into a temporary folder, bounded by a timeout.
/// </summary>
public sealed class PackageTests
{
    private static readonly string[] Expected = ["DmIo.Sim.Cli", "DmIo.Sim.Clients", "DmIo.Sim.Engine", "DmIo.Sim.FaultInjection", "DmIo.Sim.Nbd", "DmIo.Sim.Simulation", "DmIo.Sim.Testing", "DmIo.Sim.VirtualDevices"];

    [Fact]
    public async Task PackingTheSolution_MakesEveryPackage_WithItsMetadata_AndNoWarning()
    {
        string output = Directory.CreateTempSubdirectory("dmio-pack-").FullName;
        try
        {
            string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0
            (int exit, string log) = await DotnetAsync(TimeSpan.FromSeconds(180),
                "pack", Repo.Path("DmIo.Sim.sln"), "-c", configuration, "--no-build", "-o", output, "-nologo", "-v", "minimal");

            Assert.True(exit == 0, $"dotnet pack exited {exit}:\n{log}");
            string[] warnings = [.. log.Split('\n').Where(l => l.Contains(": warning ", StringComparison.OrdinalIgnoreCase))];
            Assert.True(warnings.Length == 0, "dotnet pack warned:\n" + string.Join('\n', warnings));
            string[] packages = [.. Directory.GetFiles(output, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
            Assert.Equal(Expected.Select(id => $"{id}.0.1.0.nupkg"), packages);
            foreach (string package in packages)
            {
                AssertMetadata(Path.Combine(output, package));
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static void AssertMetadata(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        XDocument nuspec;
        using (Stream stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        XElement? license = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "license");

        string name = Path.GetFileName(package);
        Assert.True(license?.Attribute("type")?.Value == "expression" && license.Value == "MIT", $"{name}: licence {license?.ToString() ?? "missing"}");
        Assert.True(Field("readme") == "README.md", $"{name}: readme '{Field("readme")}'");
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry("LICENSE"));
        Assert.True(Field("description") is { Length: > 40 } d && !d.Equals("Package Description", StringComparison.Ordinal), $"{name}: description '{Field("description")}'");
        Assert.True(metadata.Elements().All(e => e.Name.LocalName is not ("repository" or "projectUrl")), $"{name} names a repository or project URL");
    }

    private static async Task<(int Exit, string Log)> DotnetAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
