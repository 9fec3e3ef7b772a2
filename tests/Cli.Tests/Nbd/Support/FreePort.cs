using System.Net;
using System.Net.Sockets;

namespace DmIo.Cli.Tests.Nbd.Support;

/// <summary>Loopback TCP ports for tests that must name one.</summary>
internal static class FreePort
{
    /// <summary>A port that was free a moment ago (bound to port 0 and released).</summary>
    public static int Probe()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts connections at 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
