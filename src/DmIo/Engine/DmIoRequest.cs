namespace DmIo;

/// <summary>
/// A request for the unified API (<c>struct dm_io_request</c>): what to do, with which memory, for which client,
/// and — when <see cref="Notify"/> is set — whom to call when done. Without a callback the request is synchronous.
/// </summary>
public readonly struct DmIoRequest
{
    /// <summary>The operation: read, write, discard or write-zeroes.</summary>
    public BioOperation Operation { get; init; }

    /// <summary>Flags every bio carries: SYNC, PREFLUSH, FUA, META.</summary>
    public BioFlags Flags { get; init; }

    /// <summary>The memory the data moves through; <see cref="DmIoMemory.None"/> for discard and write-zeroes.</summary>
    public DmIoMemory Memory { get; init; }

    /// <summary>The async completion callback, or null for a synchronous request.</summary>
    public DmIoNotify? Notify { get; init; }

    /// <summary>The context passed to <see cref="Notify"/>.</summary>
    public object? Context { get; init; }

    /// <summary>The client whose pools and scheduler serve the request.</summary>
    public DmIoClient Client { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Operation.ToShortName()}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} {Memory} {(Notify is null ? "sync" : "async")}";
}
