namespace DmIo.Nbd.Server;

/// <summary>How an <c>NbdServer</c> limits and reports what its clients do.</summary>
public sealed class NbdServerOptions
{
    /// <summary>Connections served at once; a client past this is closed at once after accept. 64 by default.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>
    /// The largest payload of one request (NBD_INFO_BLOCK_SIZE's maximum is never more); a longer read or write is
    /// answered EOVERFLOW, or the connection closed when its payload cannot be skipped. 32 MiB by default.
    /// </summary>
    public uint MaxPayloadBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>How long a client may take over the handshake before it is closed. 30 seconds by default.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where one line per connection event goes (accepted, export chosen, protocol error, closed); null for none.</summary>
    public TextWriter? Log { get; init; }
}
