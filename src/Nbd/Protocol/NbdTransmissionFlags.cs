namespace DmIo.Nbd.Protocol;

/// <summary>The transmission flags sent with an export, with their values on the wire.</summary>
[Flags]
public enum NbdTransmissionFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>NBD_FLAG_HAS_FLAGS: always set.</summary>
    HasFlags = 1,

    /// <summary>NBD_FLAG_READ_ONLY.</summary>
    ReadOnly = 2,

    /// <summary>NBD_FLAG_SEND_FLUSH.</summary>
    SendFlush = 4,

    /// <summary>NBD_FLAG_SEND_FUA.</summary>
    SendFua = 8,

    /// <summary>NBD_FLAG_ROTATIONAL.</summary>
    Rotational = 16,

    /// <summary>NBD_FLAG_SEND_TRIM.</summary>
    SendTrim = 32,

    /// <summary>NBD_FLAG_SEND_WRITE_ZEROES.</summary>
    SendWriteZeroes = 64,

    /// <summary>NBD_FLAG_CAN_MULTI_CONN.</summary>
    CanMultiConn = 256,
}
