using System.Net;
using System.Net.Sockets;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Server;

namespace DmIo.Nbd.Tests.Support;

/// <summary>An <see cref="NbdServer"/> on 127.0.0.1 port 0 or on a Unix socket in a temporary directory, stopped on dispose.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly string? directory;

    private TestServer(NbdServer server, EndPoint endPoint, LogCapture log, string? directory)
    {
        Server = server;
        EndPoint = endPoint;
        Log = log;
        this.directory = directory;
    }

    public NbdServer Server { get; }

    public EndPoint EndPoint { get; }

    public LogCapture Log { get; }

    public string SocketPath => Path.Combine(directory ?? throw new InvalidOperationException("a TCP server has no socket path"), "nbd.sock");

    public static TestServer Start(INbdExportCatalog catalog, bool unixSocket = false, int maxConnections = 64, TimeSpan? handshakeTimeout = null, uint maxPayloadBytes = 32 * 1024 * 1024)
    {
        var log = new LogCapture();
        var options = new NbdServerOptions
        {
            MaxConnections = maxConnections,
            HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
            MaxPayloadBytes = maxPayloadBytes,
            Log = log,
        };
        var server = new NbdServer(catalog, options);
        string? directory = null;
        EndPoint where;
        if (unixSocket)
        {
            directory = Directory.CreateTempSubdirectory("nbd-tests-").FullName;
            where = new UnixDomainSocketEndPoint(Path.Combine(directory, "nbd.sock"));
        }
        else
        {
            where = new IPEndPoint(IPAddress.Loopback, 0);
        }

        var bound = server.Start(where);
        return new TestServer(server, bound, log, directory);
    }

    public static TestServer Start(MemoryTestExport export, bool unixSocket = false) => Start(new TestCatalog(export), unixSocket);

    public Task<RawNbdClient> ConnectAsync() => RawNbdClient.ConnectAsync(EndPoint);

    public async ValueTask DisposeAsync()
    {
        await Within.Await(Server.StopAsync(), "the server to stop", TimeSpan.FromSeconds(15));
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
