namespace DmIo.Nbd.Exports;

/// <summary>The transmission commands, with their values on the wire.</summary>
public enum NbdCommand : ushort
{
    /// <summary>NBD_CMD_READ.</summary>
    Read = 0,

    /// <summary>NBD_CMD_WRITE.</summary>
    Write = 1,

    /// <summary>NBD_CMD_DISC: the client is going away.</summary>
    Disconnect = 2,

    /// <summary>NBD_CMD_FLUSH.</summary>
    Flush = 3,

    /// <summary>NBD_CMD_TRIM.</summary>
    Trim = 4,

    /// <summary>NBD_CMD_CACHE (not advertised).</summary>
    Cache = 5,

    /// <summary>NBD_CMD_WRITE_ZEROES.</summary>
    WriteZeroes = 6,

    /// <summary>NBD_CMD_BLOCK_STATUS (not advertised: no metadata context is offered).</summary>
    BlockStatus = 7,
}
