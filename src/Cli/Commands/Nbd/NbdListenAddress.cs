using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DmIo.Cli.Commands.Nbd;

/// <summary>Where <c>dmio-sim nbd</c> listens: a loopback TCP address (<c>--listen</c>) or a Unix socket (<c>--unix</c>).</summary>
internal static class NbdListenAddress
{
    /// <summary>The NBD protocol's registered port.</summary>
    public const int DefaultPort = 10809;

    /// <summary>
    /// Reads <c>HOST:PORT</c>, <c>[::1]:PORT</c> or <c>PORT</c> (on 127.0.0.1). Only loopback addresses are taken: a
    /// simulated device that fails on purpose has no business on a network.
    /// </summary>
    /// <param name="text">The option's value.</param>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="problem">What is wrong, for the one-line error.</param>
    /// <returns>False when the text cannot be used.</returns>
    public static bool TryParse(string text, out IPEndPoint endpoint, out string problem)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, DefaultPort);
        problem = string.Empty;
        string host = "127.0.0.1";
        string port = text;
        int colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            host = text[..colon].Trim('[', ']');
            port = text[(colon + 1)..];
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
        {
            problem = $"the port '{port}' is not a number from 0 to 65535";
            return false;
        }

        IPAddress? address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out IPAddress? parsed) ? parsed : null;
        if (address is null)
        {
            problem = $"'{host}' is not an IP address (use 127.0.0.1, [::1] or localhost)";
            return false;
        }

        if (!IPAddress.IsLoopback(address))
        {
            problem = $"{address} is not a loopback address; only 127.0.0.0/8 and ::1 are served (or use --unix PATH)";
            return false;
        }

        endpoint = new IPEndPoint(address, number);
        return true;
    }

    /// <summary>The NBD URI of an export at an endpoint, as libnbd and qemu read it.</summary>
    /// <param name="endpoint">Where the server listens.</param>
    /// <param name="export">The export's name.</param>
    /// <returns>The URI.</returns>
    public static string Uri(EndPoint endpoint, string export) => endpoint switch
    {
        UnixDomainSocketEndPoint unix => $"nbd+unix:///{export}?socket={unix}",
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"nbd://[{ip.Address}]:{ip.Port}/{export}",
        IPEndPoint ip => $"nbd://{ip.Address}:{ip.Port}/{export}",
        _ => endpoint.ToString() ?? string.Empty,
    };
}
