namespace DmIo.Nbd.Protocol;

/// <summary>The structured reply chunk types this server sends, with their values on the wire.</summary>
public enum NbdStructuredReplyType : ushort
{
    /// <summary>NBD_REPLY_TYPE_NONE: a success without data.</summary>
    None = 0,

    /// <summary>NBD_REPLY_TYPE_OFFSET_DATA: an offset then the data read there.</summary>
    OffsetData = 1,

    /// <summary>NBD_REPLY_TYPE_ERROR: an errno, then a message.</summary>
    Error = 0x8001,
}
