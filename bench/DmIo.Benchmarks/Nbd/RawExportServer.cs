using System.Net.Sockets;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Server;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// <c>DmIo.Benchmarks --nbd-raw SOCKET</c>: serves a 256 MiB <see cref="RawMemoryExport"/> as export <c>a</c> through
/// the same <see cref="NbdServer"/> <c>dmio-sim nbd</c> uses, on a Unix socket, until standard input closes. An
/// experiment for profiling (the server alone), not a benchmark.
/// </summary>
public static class RawExportServer
{
    /// <summary>Serves until standard input ends.</summary>
    /// <param name="socketPath">The Unix socket path (must not exist).</param>
    /// <returns>0.</returns>
    public static int Run(string socketPath)
    {
        var export = new RawMemoryExport("a", 256 << 20);
        var server = new NbdServer(new Catalog(export));
        server.Start(new UnixDomainSocketEndPoint(socketPath));
        Console.WriteLine($"serving nbd+unix:///a?socket={socketPath}");
        Console.In.ReadToEnd();
        server.StopAsync().GetAwaiter().GetResult();
        return 0;
    }

    private sealed class Catalog(INbdExport export) : INbdExportCatalog
    {
        public IReadOnlyList<INbdExport> Exports { get; } = [export];

        public INbdExport? Default => export;
    }
}
