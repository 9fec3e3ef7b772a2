using System.Text.Json;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// Starts <c>dmio-sim nbd SCENARIO --export a=DEVICE --unix SOCKET</c> from the repository's Release build
/// (<c>src/Cli/bin/Release/net10.0/dmio-sim</c>, or the path in <c>DMIO_SIM</c>), which must be built first; ready
/// once it prints its <c>serving</c> line, whose first export's URI is the one the clients use. Stopped with a
/// <c>{"cmd":"quit"}</c> line on its standard input.
/// </summary>
public static class DmioSimServer
{
    private const string BuildHint = "build it first: nice -n 19 dotnet build src/Cli -c Release";

    /// <summary>Serves <paramref name="device"/> of the scenario file as export <c>a</c>.</summary>
    /// <param name="scenarioPath">The scenario file.</param>
    /// <param name="device">The device to serve.</param>
    /// <param name="socket">The Unix socket path (must not exist).</param>
    /// <returns>The running server.</returns>
    public static ServerProcess Start(string scenarioPath, string device, string socket)
    {
        string[] arguments = ["nbd", scenarioPath, "--export", "a=" + device, "--unix", socket, "--exit-with-parent"];
        ServerProcess server = ServerProcess.Start(Executable(), arguments, p => ServerProcess.SendLine(p, """{"cmd":"quit"}"""));
        try
        {
            server.WaitForFirstLine(line => UriOf(server, line), TimeSpan.FromSeconds(60));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>The dmio-sim executable: <c>DMIO_SIM</c>, or the Release build of the repository this runs from.</summary>
    /// <returns>Its path.</returns>
    /// <exception cref="FileNotFoundException">It is not built.</exception>
    public static string Executable()
    {
        string? configured = Environment.GetEnvironmentVariable("DMIO_SIM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"DMIO_SIM={configured} does not exist.");
        }

        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DmIo.Sim.sln")))
                {
                    string path = Path.Combine(dir.FullName, "src", "Cli", "bin", "Release", "net10.0", "dmio-sim");
                    return File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist; {BuildHint}.");
                }
            }
        }

        throw new FileNotFoundException($"No DmIo.Sim.sln above {Environment.CurrentDirectory}; set DMIO_SIM or {BuildHint}.");
    }

    private static string UriOf(ServerProcess server, string line)
    {
        using JsonDocument serving = JsonDocument.Parse(line);
        JsonElement root = serving.RootElement;
        if (!root.TryGetProperty("event", out JsonElement name) || name.GetString() != "serving")
        {
            throw server.Failed($"printed '{line}' instead of its serving line");
        }

        return root.GetProperty("exports")[0].GetProperty("uri").GetString()
            ?? throw server.Failed($"printed a serving line without a URI: {line}");
    }
}
