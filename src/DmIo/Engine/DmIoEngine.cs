using System.Runtime.ExceptionServices;

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
    /// completes — possibly before this method returns. A read naming more than one region issues nothing and
    /// returns -EIO at once, sync or async: no callback, <paramref name="syncErrorBits"/> unwritten (Linux 6.12's
    /// <c>dm_io()</c> checks before it splits sync from async). Bad arguments throw before any I/O. A device that
    /// throws from <see cref="IBlockDevice.Submit"/> instead of completing its bio has that bio counted as failed
    /// (its region's bit is set); the request still completes exactly once, pools stay balanced, and the exception
    /// is rethrown here: a sync request after it has completed, an async one after the callback was arranged.
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
        if (regions.Length > 1 && !request.Operation.IsWrite())
        {
            return -Errno.EIO; // dm_io(): WARN_ON and -EIO before any I/O, no callback, bits unwritten
        }

        return request.Notify is null
            ? SyncIo(client, request.Operation, request.Flags, regions, request.Memory, ref syncErrorBits, writeBits, priority)
            : AsyncIo(client, request.Operation, request.Flags, regions, request.Memory, request.Notify, request.Context, priority);
    }

    internal static int SyncIo(DmIoClient client, BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> regions,
        in DmIoMemory memory, ref ulong errorBits, bool writeBits, ushort priority)
    {
        SyncWaiter waiter = client.RentWaiter();
        IoObject io = client.Ios.Rent(client.Scheduler);
        io.Start(client, SyncWaiter.Notify, waiter);
        MemoryCursor? cursor = io.InitCursor(memory);
        ExceptionDispatchInfo? fault = Dispatcher.DispatchIo(operation, flags, regions, cursor, io, sync: true, priority);
        client.Scheduler.WaitUntil(waiter);
        ulong bits = waiter.ErrorBits;
        client.ReturnWaiter(waiter);
        fault?.Throw();
        if (writeBits)
        {
            errorBits = bits;
        }

        return bits != 0 ? -Errno.EIO : 0;
    }

    internal static int AsyncIo(DmIoClient client, BioOperation operation, BioFlags flags, ReadOnlySpan<IoRegion> regions,
        in DmIoMemory memory, DmIoNotify notify, object? context, ushort priority)
    {
        IoObject io = client.Ios.Rent(client.Scheduler);
        io.Start(client, notify, context);
        MemoryCursor? cursor = io.InitCursor(memory);
        Dispatcher.DispatchIo(operation, flags, regions, cursor, io, sync: false, priority)?.Throw();
        return 0;
    }
}
