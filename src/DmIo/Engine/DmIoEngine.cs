namespace DmIo;

/// <summary>
/// The unified request entry point (<c>dm_io()</c>): validates the request, then runs it synchronously (no
/// callback) or asynchronously (with one). The seed's six legacy entry points in <see cref="DmIoLegacy"/> are
/// thin wrappers over this.
/// </summary>
public static class DmIoEngine
{
    /// <summary>Runs <paramref name="request"/> over <paramref name="regions"/>, discarding a sync request's error bits.</summary>
    /// <param name="request">What to do; <see cref="DmIoRequest.Client"/> must be set.</param>
    /// <param name="regions">At most 64 regions.</param>
    /// <param name="priority">The I/O priority of every bio.</param>
    /// <returns>As <see cref="Execute(in DmIoRequest, ReadOnlySpan{IoRegion}, ref ulong, ushort)"/>.</returns>
    public static int Execute(in DmIoRequest request, ReadOnlySpan<IoRegion> regions, ushort priority = 0)
    {
        ulong ignored = 0;
        return Run(request, regions, ref ignored, writeBits: false, priority);
    }

    /// <summary>
    /// Runs <paramref name="request"/> over <paramref name="regions"/>.
    /// Sync (no callback): returns 0, or -EIO when any region failed, and stores the error bits in
    /// <paramref name="syncErrorBits"/>. Async: returns 0 and calls the callback exactly once when the last bio
    /// completes — possibly before this method returns. A read naming more than one region issues nothing:
    /// sync returns -EIO leaving <paramref name="syncErrorBits"/> unwritten; async calls the callback with 1 and
    /// returns -EIO. Bad arguments throw before any I/O.
    /// </summary>
    /// <param name="request">What to do; <see cref="DmIoRequest.Client"/> must be set.</param>
    /// <param name="regions">At most 64 regions.</param>
    /// <param name="syncErrorBits">Receives a sync request's error bits; untouched by async requests.</param>
    /// <param name="priority">The I/O priority of every bio.</param>
    /// <returns>0 or a negative errno.</returns>
    public static int Execute(in DmIoRequest request, ReadOnlySpan<IoRegion> regions, ref ulong syncErrorBits, ushort priority = 0) =>
        Run(request, regions, ref syncErrorBits, writeBits: true, priority);

    private static int Run(in DmIoRequest request, ReadOnlySpan<IoRegion> regions, ref ulong syncErrorBits, bool writeBits, ushort priority)
    {
        DmIoClient client = request.Client ?? throw new ArgumentNullException(nameof(request), "The request names no client.");
        client.ThrowIfDisposed();
        RequestValidator.Validate(request.Operation, request.Flags, regions, request.Memory, nameof(request));
        return request.Notify is null
            ? SyncIo(client, request.Operation, request.Flags, regions, request.Memory, ref syncErrorBits, writeBits, priority)
            : AsyncIo(client, request.Operation, request.Flags, regions, request.Memory, request.Notify, request.Context, priority);
    }

    internal static int SyncIo(DmIoClient client, BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> regions,
        in DmIoMemory memory, ref ulong errorBits, bool writeBits, ushort priority)
    {
        if (regions.Length > 1 && !operation.IsWrite())
        {
            return -Errno.EIO; // a read can only have one destination; error bits are left as they were
        }

        SyncWaiter waiter = client.RentWaiter();
        IoObject io = client.Ios.Rent(client.Scheduler);
        io.Start(client, SyncWaiter.Notify, waiter);
        MemoryCursor? cursor = io.InitCursor(memory);
        Dispatcher.DispatchIo(operation, flags, regions, cursor, io, sync: true, priority);
        client.Scheduler.WaitUntil(waiter);
        ulong bits = waiter.ErrorBits;
        client.ReturnWaiter(waiter);
        if (writeBits)
        {
            errorBits = bits;
        }

        return bits != 0 ? -Errno.EIO : 0;
    }

    internal static int AsyncIo(DmIoClient client, BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> regions,
        in DmIoMemory memory, DmIoNotify notify, object? context, ushort priority)
    {
        if (regions.Length > 1 && !operation.IsWrite())
        {
            notify(1, context);
            return -Errno.EIO;
        }

        IoObject io = client.Ios.Rent(client.Scheduler);
        io.Start(client, notify, context);
        MemoryCursor? cursor = io.InitCursor(memory);
        Dispatcher.DispatchIo(operation, flags, regions, cursor, io, sync: false, priority);
        return 0;
    }
}
