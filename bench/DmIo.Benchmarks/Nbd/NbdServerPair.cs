namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// Both servers of one comparison, each on its own Unix socket in a fresh temporary directory, with a 256 MiB image
/// of seeded random bytes there, copied into both exports before any measurement (so reads return data on both
/// sides: nbdkit's memory plugin would report an unwritten export as a hole, which nbdcopy skips).
/// </summary>
public sealed class NbdServerPair : IDisposable
{
    private readonly string _directory;

    /// <summary>Starts both servers and fills both exports with the image.</summary>
    /// <param name="servers">What to serve.</param>
    public NbdServerPair(BenchServers servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _directory = Directory.CreateTempSubdirectory("dmio-nbd-bench-").FullName;
        try
        {
            ImagePath = Path.Combine(_directory, "image.bin");
            WriteImage(ImagePath, BenchScenarios.Sectors * 512);
            string scenario = Path.Combine(_directory, "scenario.json");
            File.WriteAllText(scenario, servers.ScenarioJson);
            Nbdkit = NbdkitServer.Start(Path.Combine(_directory, "nbdkit.sock"), servers.NbdkitArguments);
            DmioSim = DmioSimServer.Start(scenario, servers.Device, Path.Combine(_directory, "dmio-sim.sock"));
            ClientProcess.Run("nbdcopy", NbdClients.CopyIn(ImagePath, Nbdkit.Uri));
            ClientProcess.Run("nbdcopy", NbdClients.CopyIn(ImagePath, DmioSim.Uri));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The 256 MiB image file.</summary>
    public string ImagePath { get; } = "";

    /// <summary>nbdkit, the baseline.</summary>
    public ServerProcess? Nbdkit { get; }

    /// <summary><c>dmio-sim nbd</c>.</summary>
    public ServerProcess? DmioSim { get; }

    /// <summary>nbdkit's URI.</summary>
    public string NbdkitUri => Nbdkit?.Uri ?? throw new ObjectDisposedException(nameof(NbdServerPair));

    /// <summary>dmio-sim's URI.</summary>
    public string DmioSimUri => DmioSim?.Uri ?? throw new ObjectDisposedException(nameof(NbdServerPair));

    /// <summary>Stops both servers and deletes the directory.</summary>
    public void Dispose()
    {
        try
        {
            DmioSim?.Dispose();
        }
        finally
        {
            Nbdkit?.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static void WriteImage(string path, long bytes)
    {
        var random = new Random(20261202);
        byte[] chunk = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (long done = 0; done < bytes; done += chunk.Length)
        {
            random.NextBytes(chunk);
            file.Write(chunk);
        }
    }
}
