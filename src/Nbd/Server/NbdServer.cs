using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Server;

/// <summary>
/// An NBD server (fixed newstyle handshake, simple and structured replies) for the exports of one catalog, on a
/// loopback TCP port or a Unix socket. Each connection runs on its own; a client that misbehaves is answered with an
/// error or closed without affecting the others. The server only talks to exports through <see cref="INbdExport"/>.
/// </summary>
public sealed class NbdServer : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly INbdExportCatalog exports;
    private readonly NbdServerOptions options;
    private readonly NbdServerLog log;
    private readonly NbdPayloadPool payloadPool = new();
    private readonly ConcurrentDictionary<long, NbdConnection> connections = new();
    private readonly ConcurrentDictionary<long, Task> connectionTasks = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock stateGate = new();
    private Socket? listener;
    private Task acceptLoop = Task.CompletedTask;
    private Task? stopTask;
    private string? unixSocketPath;
    private long connectionsAccepted;

    /// <summary>Creates a server for <paramref name="exports"/>; nothing listens until <see cref="Start"/>.</summary>
    /// <param name="exports">The exports offered to clients.</param>
    /// <param name="options">Limits and logging; the defaults when null.</param>
    public NbdServer(INbdExportCatalog exports, NbdServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(exports);
        this.exports = exports;
        this.options = options ?? new NbdServerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxConnections, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfZero(this.options.MaxPayloadBytes, nameof(options));
        log = new NbdServerLog(this.options.Log);
    }

    /// <summary>The endpoint the server listens on, once started.</summary>
    public EndPoint? LocalEndPoint { get; private set; }

    /// <summary>The connections open now (in the handshake or in transmission).</summary>
    public int ConnectionCount => connections.Count;

    /// <summary>The connections taken into service since the start; clients closed at once for being past
    /// <see cref="NbdServerOptions.MaxConnections"/> are not counted.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref connectionsAccepted);

    /// <summary>
    /// Binds and listens on <paramref name="endpoint"/>: a loopback <see cref="IPEndPoint"/> (port 0 picks a free
    /// port) or a <see cref="UnixDomainSocketEndPoint"/> whose path does not exist yet.
    /// </summary>
    /// <param name="endpoint">Where to listen.</param>
    /// <returns>The bound endpoint (with the chosen port).</returns>
    /// <exception cref="ArgumentException">The endpoint is an IP address that is not loopback, or of another kind.</exception>
    /// <exception cref="InvalidOperationException">The server was already started or stopped.</exception>
    public EndPoint Start(EndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Socket socket = endpoint switch
        {
            IPEndPoint ip when !IPAddress.IsLoopback(ip.Address) => throw new ArgumentException(
                $"The NBD server listens on loopback addresses only (it has no authentication); {ip} is not one.", nameof(endpoint)),
            IPEndPoint ip => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp),
            UnixDomainSocketEndPoint => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
            _ => throw new ArgumentException($"The NBD server listens on an IPEndPoint or a UnixDomainSocketEndPoint, not {endpoint.GetType().Name}.", nameof(endpoint)),
        };
        lock (stateGate)
        {
            if (listener is not null || stopTask is not null)
            {
                socket.Dispose();
                throw new InvalidOperationException("The NBD server was already started.");
            }

            try
            {
                socket.Bind(endpoint);
                socket.Listen(512);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            listener = socket;
            unixSocketPath = endpoint is UnixDomainSocketEndPoint ? endpoint.ToString() : null;
            LocalEndPoint = socket.LocalEndPoint ?? endpoint;
            acceptLoop = Task.Run(AcceptLoopAsync);
        }

        log.Write($"listening on {LocalEndPoint}");
        return LocalEndPoint;
    }

    /// <summary>
    /// Stops accepting, closes every connection and waits for them to end (at most 10 seconds, for exports that are
    /// slow to complete the requests in flight). Calling it again waits for the same stop.
    /// </summary>
    /// <returns>A task that ends when the server has stopped.</returns>
    public Task StopAsync()
    {
        lock (stateGate)
        {
            return stopTask ??= StopOnceAsync();
        }
    }

    /// <summary>Stops the server, as <see cref="StopAsync"/> does.</summary>
    /// <returns>A task that ends when the server has stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopOnceAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener?.Dispose();
        await acceptLoop.ConfigureAwait(false);
        foreach (var connection in connections.Values)
        {
            connection.Abort();
        }

        try
        {
            await Task.WhenAll(connectionTasks.Values).WaitAsync(StopGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.Write($"stopped with {connections.Count} connections still waiting for their export after {StopGrace.TotalSeconds} s");
        }

        if (unixSocketPath is not null)
        {
            File.Delete(unixSocketPath);
        }

        log.Write("stopped");
    }

    private async Task AcceptLoopAsync()
    {
        var socket = listener!;
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors and the like: the listener still works, so wait a moment and go on.
                log.Write($"accept failed: {e.Message}");
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            catch (Exception e)
            {
                // Nothing may escape unobserved: a listener that broke for another reason ends accepting, logged.
                log.Write($"accepting stopped: {e.GetType().Name}: {e.Message}");
                return;
            }

            Admit(client);
        }
    }

    private void Admit(Socket client)
    {
        if (connections.Count >= options.MaxConnections)
        {
            log.Write($"refused a client from {DescribePeer(client)}: {options.MaxConnections} connections are open already");
            client.Dispose();
            return;
        }

        if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            client.NoDelay = true;
        }

        long id = Interlocked.Increment(ref connectionsAccepted);
        var connection = new NbdConnection(id, client, exports, options, log, payloadPool);
        connections[id] = connection;
        log.Write($"connection {id}: accepted from {DescribePeer(client)}");

        // The task is registered before it may run, so a connection that ends at once is still removed.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connectionTasks[id] = Task.Run(async () =>
        {
            await registered.Task.ConfigureAwait(false);
            try
            {
                await connection.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                connections.TryRemove(id, out _);
                connectionTasks.TryRemove(id, out _);
            }
        });
        registered.SetResult();
    }

    private static string DescribePeer(Socket client)
    {
        try
        {
            return client.RemoteEndPoint?.ToString() is { Length: > 0 } peer ? peer : "a local socket";
        }
        catch (SocketException)
        {
            return "a client already gone";
        }
    }
}
