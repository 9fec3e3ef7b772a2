namespace DmIo.Nbd.Exports;

/// <summary>What an export supports, advertised to clients in its transmission flags.</summary>
[Flags]
public enum NbdExportFeatures
{
    /// <summary>Read and write only.</summary>
    None = 0,

    /// <summary>NBD_CMD_FLUSH is accepted (NBD_FLAG_SEND_FLUSH).</summary>
    Flush = 1,

    /// <summary>The FUA flag on writes is accepted (NBD_FLAG_SEND_FUA).</summary>
    Fua = 2,

    /// <summary>NBD_CMD_TRIM is accepted (NBD_FLAG_SEND_TRIM).</summary>
    Trim = 4,

    /// <summary>NBD_CMD_WRITE_ZEROES is accepted (NBD_FLAG_SEND_WRITE_ZEROES).</summary>
    WriteZeroes = 8,

    /// <summary>Every connection sees the others' completed writes and flushes (NBD_FLAG_CAN_MULTI_CONN).</summary>
    MultiConn = 16,

    /// <summary>Writes, trims and write-zeroes are refused (NBD_FLAG_READ_ONLY).</summary>
    ReadOnly = 32,

    /// <summary>The device is rotational (NBD_FLAG_ROTATIONAL).</summary>
    Rotational = 64,
}
