namespace DmIo.Nbd.Protocol;

/// <summary>The option reply types, with their values on the wire; errors have the top bit set.</summary>
public enum NbdOptionReplyType : uint
{
    /// <summary>NBD_REP_ACK: the option succeeded (and ends a list of replies).</summary>
    Ack = 1,

    /// <summary>NBD_REP_SERVER: one export of NBD_OPT_LIST.</summary>
    Server = 2,

    /// <summary>NBD_REP_INFO: one piece of information of NBD_OPT_INFO or NBD_OPT_GO.</summary>
    Info = 3,

    /// <summary>NBD_REP_ERR_UNSUP: the option is unknown to this server.</summary>
    ErrorUnsupported = 0x80000001,

    /// <summary>NBD_REP_ERR_POLICY: the option is forbidden by the server's policy.</summary>
    ErrorPolicy = 0x80000002,

    /// <summary>NBD_REP_ERR_INVALID: the option's data is malformed or the option is not valid now.</summary>
    ErrorInvalid = 0x80000003,

    /// <summary>NBD_REP_ERR_PLATFORM: the option is not supported on this platform.</summary>
    ErrorPlatform = 0x80000004,

    /// <summary>NBD_REP_ERR_TLS_REQD: TLS is required first.</summary>
    ErrorTlsRequired = 0x80000005,

    /// <summary>NBD_REP_ERR_UNKNOWN: the named export does not exist.</summary>
    ErrorUnknown = 0x80000006,

    /// <summary>NBD_REP_ERR_SHUTDOWN: the server is shutting down.</summary>
    ErrorShutdown = 0x80000007,

    /// <summary>NBD_REP_ERR_BLOCK_SIZE_REQD: the client must ask for block sizes.</summary>
    ErrorBlockSizeRequired = 0x80000008,

    /// <summary>NBD_REP_ERR_TOO_BIG: the option's data is too long.</summary>
    ErrorTooBig = 0x80000009,
}
