namespace DmIo.Nbd.Protocol;

/// <summary>The handshake flags a server sends and the client flags it reads back.</summary>
[Flags]
public enum NbdHandshakeFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>NBD_FLAG_FIXED_NEWSTYLE (server) or NBD_FLAG_C_FIXED_NEWSTYLE (client).</summary>
    FixedNewstyle = 1,

    /// <summary>NBD_FLAG_NO_ZEROES (server) or NBD_FLAG_C_NO_ZEROES (client): no 124 zero bytes after NBD_OPT_EXPORT_NAME.</summary>
    NoZeroes = 2,
}
