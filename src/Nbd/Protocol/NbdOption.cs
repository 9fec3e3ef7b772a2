namespace DmIo.Nbd.Protocol;

/// <summary>The handshake options a client sends, with their values on the wire.</summary>
public enum NbdOption : uint
{
    /// <summary>NBD_OPT_EXPORT_NAME: the old way to choose an export and end the handshake.</summary>
    ExportName = 1,

    /// <summary>NBD_OPT_ABORT: the client gives up.</summary>
    Abort = 2,

    /// <summary>NBD_OPT_LIST: name every export.</summary>
    List = 3,

    /// <summary>NBD_OPT_STARTTLS (refused: the server has no TLS).</summary>
    StartTls = 5,

    /// <summary>NBD_OPT_INFO: describe an export.</summary>
    Info = 6,

    /// <summary>NBD_OPT_GO: describe an export and start transmission on it.</summary>
    Go = 7,

    /// <summary>NBD_OPT_STRUCTURED_REPLY: the client takes structured replies.</summary>
    StructuredReply = 8,

    /// <summary>NBD_OPT_LIST_META_CONTEXT (refused: no metadata context is offered).</summary>
    ListMetaContext = 9,

    /// <summary>NBD_OPT_SET_META_CONTEXT (refused: no metadata context is offered).</summary>
    SetMetaContext = 10,

    /// <summary>NBD_OPT_EXTENDED_HEADERS (refused: only compact headers are served).</summary>
    ExtendedHeaders = 11,
}
