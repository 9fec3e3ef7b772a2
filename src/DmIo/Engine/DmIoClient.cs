using System.Runtime.ExceptionServices;

namespace DmIo;

/// <summary>
/// A dm-io client (<c>struct dm_io_client</c>): its own bounded pool of io objects (4 per page, as
/// <c>dm_io_client_create(num_pages)</c> sized it), its own bio set, and the scheduler it waits through.
/// Requests are submitted with <see cref="DmIoEngine.Execute(in DmIoRequest, ReadOnlySpan{IoRegion}, ref ulong, ushort)"/>
/// or, from async C# code, <see cref="ExecuteAsync"/>.
/// </summary>
public sealed class DmIoClient : IDisposable
{
    /// <summary>io objects per page of reservation (<c>pages_to_ios</c>).</summary>
    public const int IosPerPage = 4;

    /// <summary>
    /// The most io objects one pool may hold: 1 Mi (2^20), that is 262,144 pages of reservation at
    /// <see cref="IosPerPage"/> ios per page, or 1 GiB of 4 KiB pages kept in flight. Linux 6.12 reserves far fewer:
    /// each client's mempool holds <c>reserved_bio_based_ios</c>, clamped to <c>DM_RESERVED_MAX_IOS</c> (1024). The
    /// pool here is built eagerly, about 300 bytes per io object, so without a cap one oversized reservation (or a
    /// run of legacy <c>Get</c> calls adding up) would allocate gigabytes and stall for seconds. Creating, resizing
    /// or growing (<see cref="DmIoLegacy.Get"/>, whose running total counts) past it throws
    /// <see cref="ArgumentOutOfRangeException"/> and changes nothing. Scenario and serve inputs use the same bound.
    /// </summary>
    public const int MaxIoCapacity = 1 << 20;

    // Each thread keeps one spare waiter: a sync request blocks its thread, so one waiter per thread serves every
    // request but a nested one (a callback pumped by a simulated wait issuing its own sync request), which falls
    // back to the locked stack below. Saves a lock round trip on every sync request.
    [ThreadStatic]
    private static SyncWaiter? t_spareWaiter;

    private readonly Lock _waiterLock = new();          // guards _waiters
    private readonly Stack<SyncWaiter> _waiters = new();  // reusable sync-request waiters
    private long _nextBioId;                              // ids for traces, deterministic per client
    private bool _disposed;

    private DmIoClient(int ioCapacity, IIoScheduler scheduler)
    {
        Ios = new IoPool(ioCapacity);
        Bios = new BioPool();
        Scheduler = scheduler;
    }

    /// <summary>Creates a client reserving io objects for <paramref name="pages"/> pages (<c>dm_io_client_create</c>).</summary>
    /// <param name="pages">Pages of reservation; 1 to <see cref="MaxIoCapacity"/> / <see cref="IosPerPage"/>. The pool holds 4 io objects per page.</param>
    /// <param name="scheduler">Where sync requests wait and pool waits happen; defaults to <see cref="RealTimeScheduler.Shared"/>.</param>
    /// <returns>The client.</returns>
    public static DmIoClient Create(int pages = 1, IIoScheduler? scheduler = null)
    {
        ValidatePages(pages, nameof(pages));
        return new DmIoClient(pages * IosPerPage, scheduler ?? RealTimeScheduler.Shared);
    }

    /// <summary>Creates a client whose pool holds exactly <paramref name="ioCapacity"/> io objects.</summary>
    /// <param name="ioCapacity">The pool size; 1 to <see cref="MaxIoCapacity"/>.</param>
    /// <param name="scheduler">Where waits happen; defaults to <see cref="RealTimeScheduler.Shared"/>.</param>
    /// <returns>The client.</returns>
    public static DmIoClient CreateWithIoCapacity(int ioCapacity, IIoScheduler? scheduler = null)
    {
        ValidateIoCapacity(ioCapacity, nameof(ioCapacity));
        return new DmIoClient(ioCapacity, scheduler ?? RealTimeScheduler.Shared);
    }

    /// <summary>The scheduler this client waits through.</summary>
    public IIoScheduler Scheduler { get; }

    /// <summary>How many io objects the pool may hold.</summary>
    public int IoCapacity => Ios.Capacity;

    /// <summary>io objects ready to use now.</summary>
    public int FreeIos => Ios.Free;

    /// <summary>io objects belonging to requests still in flight.</summary>
    public int OutstandingIos => Ios.Outstanding;

    /// <summary>Bios issued and not yet completed.</summary>
    public int OutstandingBios => Bios.Outstanding;

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => _disposed;

    internal IoPool Ios { get; }

    internal BioPool Bios { get; }

    /// <summary>Resizes the reservation to <paramref name="pages"/> pages (<c>dm_io_client_resize</c>).</summary>
    /// <param name="pages">The new reservation; 1 to <see cref="MaxIoCapacity"/> / <see cref="IosPerPage"/>.</param>
    public void Resize(int pages)
    {
        ValidatePages(pages, nameof(pages));
        ThrowIfDisposed();
        Ios.Resize(pages * IosPerPage);
    }

    /// <summary>Sets the pool to exactly <paramref name="ioCapacity"/> io objects.</summary>
    /// <param name="ioCapacity">The new capacity; 1 to <see cref="MaxIoCapacity"/>.</param>
    public void ResizeIoCapacity(int ioCapacity)
    {
        ValidateIoCapacity(ioCapacity, nameof(ioCapacity));
        ThrowIfDisposed();
        Ios.Resize(ioCapacity);
    }

    /// <summary>
    /// Destroys the client (<c>dm_io_client_destroy</c>). Throws <see cref="InvalidOperationException"/>, leaving the
    /// client usable, while requests are still in flight: freeing a pool under them would be a use-after-free.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (OutstandingIos != 0 || OutstandingBios != 0)
        {
            throw new InvalidOperationException(
                $"Cannot destroy a dm-io client with {OutstandingIos} request(s) and {OutstandingBios} bio(s) in flight.");
        }

        _disposed = true;
    }

    /// <summary>
    /// Runs a request asynchronously without blocking a thread, even while the pool is exhausted: the Task
    /// completes with the return code and error bits the callback would have received. A multi-region read
    /// completes at once with -EIO and no error bits, as 6.12's <c>dm_io()</c> refuses it: before any I/O, no callback.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="flags">Flags for every bio.</param>
    /// <param name="memory">The memory; <see cref="DmIoMemory.None"/> for discard and write-zeroes.</param>
    /// <param name="regions">The regions, at most 64.</param>
    /// <param name="priority">The I/O priority for every bio.</param>
    /// <returns>The outcome.</returns>
    public Task<DmIoResult> ExecuteAsync(BioOperation operation, BioFlags flags, DmIoMemory memory, ReadOnlyMemory<IoRegion> regions, ushort priority = 0)
    {
        ThrowIfDisposed();
        RequestValidator.Validate(operation, flags, regions.Span, memory, nameof(memory));
        if (regions.Length > 1 && !operation.IsWrite())
        {
            return Task.FromResult(new DmIoResult(-Errno.EIO, 0)); // as dm_io() in 6.12: refused before any I/O, no bits
        }

        return ExecuteValidatedAsync(operation, flags, memory, regions, priority);
    }

    private async Task<DmIoResult> ExecuteValidatedAsync(BioOperation operation, BioFlags flags, DmIoMemory memory, ReadOnlyMemory<IoRegion> regions, ushort priority)
    {
        IoObject io = await Ios.RentAsync().ConfigureAwait(false);
        var done = new TaskCompletionSource<DmIoResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        io.Start(this, static (bits, context) =>
            ((TaskCompletionSource<DmIoResult>)context!).SetResult(new DmIoResult(bits == 0 ? 0 : -Errno.EIO, bits)), done);
        MemoryCursor? cursor = io.InitCursor(memory);
        ExceptionDispatchInfo? fault = Dispatcher.DispatchIo(operation, flags, regions.Span, cursor, io, sync: false, priority);
        DmIoResult result = await done.Task.ConfigureAwait(false);
        fault?.Throw();
        return result;
    }

    /// <summary>
    /// Takes the next bio id of this client's sequence. The engine numbers every bio it issues with it; whoever issues
    /// bios of its own beside the client's (an NBD server's requests) takes ids from the same sequence, so no two bios
    /// of a run share one.
    /// </summary>
    /// <returns>The id, from 1 up.</returns>
    public long NextBioId() => Interlocked.Increment(ref _nextBioId);

    internal SyncWaiter RentWaiter()
    {
        SyncWaiter? waiter = t_spareWaiter;
        if (waiter is not null)
        {
            t_spareWaiter = null;
        }
        else
        {
            lock (_waiterLock)
            {
                waiter = _waiters.TryPop(out SyncWaiter? w) ? w : new SyncWaiter();
            }
        }

        waiter.Reset();
        return waiter;
    }

    internal void ReturnWaiter(SyncWaiter waiter)
    {
        if (t_spareWaiter is null)
        {
            t_spareWaiter = waiter;
            return;
        }

        lock (_waiterLock)
        {
            _waiters.Push(waiter);
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void ValidatePages(int pages, string paramName)
    {
        if (pages < 1 || pages > MaxIoCapacity / IosPerPage)
        {
            throw new ArgumentOutOfRangeException(paramName, pages,
                $"The page reservation must be 1..{MaxIoCapacity / IosPerPage} ({IosPerPage} ios per page, at most MaxIoCapacity {MaxIoCapacity}).");
        }
    }

    private static void ValidateIoCapacity(int ioCapacity, string paramName)
    {
        if (ioCapacity < 1 || ioCapacity > MaxIoCapacity)
        {
            throw new ArgumentOutOfRangeException(paramName, ioCapacity, $"The pool must hold 1..{MaxIoCapacity} io objects (MaxIoCapacity).");
        }
    }
}
