namespace DmIo;

/// <summary>Request flags that ride on every bio of a request (<c>REQ_*</c>).</summary>
[Flags]
public enum BioFlags : ushort
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Synchronous I/O; dm-io adds it to every bio of a sync request.</summary>
    Sync = 1 << 0,

    /// <summary>Metadata I/O.</summary>
    Meta = 1 << 1,

    /// <summary>Flush the device's volatile cache before this bio; with a zero-count region dm-io sends one empty flush bio.</summary>
    Preflush = 1 << 2,

    /// <summary>Forced unit access: the data is on stable media when the bio completes.</summary>
    Fua = 1 << 3,
}
