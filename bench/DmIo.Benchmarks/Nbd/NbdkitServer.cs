using System.Net.Sockets;

namespace DmIo.Benchmarks.Nbd;

/// <summary>Starts <c>nbdkit --foreground --exit-with-parent --unix SOCKET ...</c>, ready once the socket accepts.</summary>
public static class NbdkitServer
{
    /// <summary>Starts nbdkit with <paramref name="pluginArguments"/> (filters, plugin, its parameters).</summary>
    /// <param name="socket">The Unix socket path (must not exist).</param>
    /// <param name="pluginArguments">For example <c>memory 256M</c> or <c>--filter=delay memory 256M delay-read=1ms</c>.</param>
    /// <returns>The running server; its URI is <c>nbd+unix:///?socket=SOCKET</c>.</returns>
    public static ServerProcess Start(string socket, IReadOnlyList<string> pluginArguments)
    {
        ArgumentNullException.ThrowIfNull(pluginArguments);
        string[] arguments = ["--foreground", "--exit-with-parent", "--unix", socket, .. pluginArguments];
        ServerProcess server = ServerProcess.Start("nbdkit", arguments, ServerProcess.Terminate);
        try
        {
            server.WaitUntil(() => Accepts(socket), $"nbd+unix:///?socket={socket}", TimeSpan.FromSeconds(30));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    // nbdkit creates the socket at bind() and listens right after: a connect that succeeds means it is listening.
    private static bool Accepts(string socket)
    {
        if (!File.Exists(socket))
        {
            return false;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
