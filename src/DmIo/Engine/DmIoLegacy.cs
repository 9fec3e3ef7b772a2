namespace DmIo;

/// <summary>
/// The seed's API: one module-wide io pool sized with <see cref="Get"/> / <see cref="Put"/>
/// (<c>dm_io_get</c>/<c>dm_io_put</c>, 4 io objects per page, 0 destroys the pool), and six entry points —
/// sync and async over page lists, bio vectors and vm buffers. One instance stands for the module's global
/// state, so tests can have many. Every entry point is a thin wrapper over <see cref="DmIoEngine"/>.
/// </summary>
public sealed class DmIoLegacy
{
    private readonly Lock _lock = new(); // guards _client and _ios
    private readonly IIoScheduler _scheduler;
    private DmIoClient? _client;           // the global pool; null until the first Get
    private int _ios;                      // _num_ios: the pool's size

    /// <summary>Creates the module state; no pool exists until <see cref="Get"/>.</summary>
    /// <param name="scheduler">Where sync requests wait; defaults to <see cref="RealTimeScheduler.Shared"/>.</param>
    public DmIoLegacy(IIoScheduler? scheduler = null) => _scheduler = scheduler ?? RealTimeScheduler.Shared;

    /// <summary>The io objects the pool holds (<c>_num_ios</c>); 0 when there is no pool.</summary>
    public int IoCapacity
    {
        get
        {
            lock (_lock)
            {
                return _ios;
            }
        }
    }

    /// <summary>The client behind the global pool, or null when no pool exists; for inspection.</summary>
    public DmIoClient? Client
    {
        get
        {
            lock (_lock)
            {
                return _client;
            }
        }
    }

    /// <summary>
    /// Grows the pool by 4 io objects per page, creating it on first use (<c>dm_io_get</c>). Gets add up: a get that
    /// would take the pool past <see cref="DmIoClient.MaxIoCapacity"/> throws and leaves it as it was.
    /// </summary>
    /// <param name="pages">Pages the caller will keep in flight; positive, and within the cap with what the pool already holds.</param>
    /// <returns>0.</returns>
    public int Get(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        lock (_lock)
        {
            long next = _ios + (long)pages * DmIoClient.IosPerPage;
            if (next > DmIoClient.MaxIoCapacity)
            {
                throw new ArgumentOutOfRangeException(nameof(pages), pages,
                    $"The pool would hold {next} io objects, past MaxIoCapacity {DmIoClient.MaxIoCapacity}: it holds {_ios}.");
            }

            if (_client is null)
            {
                _client = DmIoClient.CreateWithIoCapacity((int)next, _scheduler);
            }
            else
            {
                _client.ResizeIoCapacity((int)next);
            }

            _ios = (int)next;
            return 0;
        }
    }

    /// <summary>Shrinks the pool by 4 io objects per page; reaching 0 destroys it (<c>dm_io_put</c>).</summary>
    /// <param name="pages">Pages to give back; positive and no more than were taken.</param>
    public void Put(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        lock (_lock)
        {
            DmIoClient client = _client ?? throw new InvalidOperationException("dm_io_put called with no pool: call Get first.");
            long ios = (long)pages * DmIoClient.IosPerPage;
            if (ios > _ios)
            {
                throw new ArgumentOutOfRangeException(nameof(pages), pages,
                    $"Putting {pages} page(s) ({ios} ios) would take the pool below zero: it holds {_ios}.");
            }

            int next = _ios - (int)ios;
            if (next == 0)
            {
                client.Dispose(); // throws, changing nothing, while requests are in flight
                _client = null;
            }
            else
            {
                client.ResizeIoCapacity(next);
            }

            _ios = next;
        }
    }

    /// <summary>Synchronous I/O over a page list (<c>dm_io_sync</c>).</summary>
    /// <param name="where">The regions; a read may name only one.</param>
    /// <param name="rw"><see cref="BioOperation.Read"/> or <see cref="BioOperation.Write"/> (the kernel's <c>READ</c>/<c>WRITE</c>); anything else is refused.</param>
    /// <param name="pages">The first page-list node.</param>
    /// <param name="offset">Byte offset into the first page.</param>
    /// <param name="errorBits">Receives one bit per failed region; unwritten when a multi-region read is refused.</param>
    /// <param name="flags">Extra flags (for example PREFLUSH, FUA).</param>
    /// <returns>0, or -EIO when a region failed or a multi-region read was refused.</returns>
    public int SyncPageList(ReadOnlySpan<IoRegion> where, BioOperation rw, PageList pages, int offset, ref ulong errorBits, BioFlags flags = BioFlags.None)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return Sync(where, rw, DmIoMemory.FromPageList(pages, offset), ref errorBits, flags, nameof(offset));
    }

    /// <summary>Asynchronous I/O over a page list (<c>dm_io_async</c>).</summary>
    /// <param name="where">The regions; a read may name only one.</param>
    /// <param name="rw"><see cref="BioOperation.Read"/> or <see cref="BioOperation.Write"/> (the kernel's <c>READ</c>/<c>WRITE</c>); anything else is refused.</param>
    /// <param name="pages">The first page-list node.</param>
    /// <param name="offset">Byte offset into the first page.</param>
    /// <param name="notify">Called exactly once with the error bits.</param>
    /// <param name="context">Passed to <paramref name="notify"/>.</param>
    /// <param name="flags">Extra flags.</param>
    /// <returns>0, or -EIO for a refused multi-region read (after calling <paramref name="notify"/> with 1).</returns>
    public int AsyncPageList(ReadOnlySpan<IoRegion> where, BioOperation rw, PageList pages, int offset, DmIoNotify notify, object? context, BioFlags flags = BioFlags.None)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return Async(where, rw, DmIoMemory.FromPageList(pages, offset), notify, context, flags, nameof(offset));
    }

    /// <summary>Synchronous I/O over a bio vector array (<c>dm_io_sync_bvec</c>).</summary>
    /// <param name="where">The regions; a read may name only one.</param>
    /// <param name="rw"><see cref="BioOperation.Read"/> or <see cref="BioOperation.Write"/> (the kernel's <c>READ</c>/<c>WRITE</c>); anything else is refused.</param>
    /// <param name="vectors">The elements.</param>
    /// <param name="errorBits">Receives one bit per failed region.</param>
    /// <param name="flags">Extra flags.</param>
    /// <returns>0 or -EIO.</returns>
    public int SyncBvec(ReadOnlySpan<IoRegion> where, BioOperation rw, BioVec[] vectors, ref ulong errorBits, BioFlags flags = BioFlags.None)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        return Sync(where, rw, DmIoMemory.FromBvec(vectors), ref errorBits, flags, nameof(vectors));
    }

    /// <summary>Asynchronous I/O over a bio vector array (<c>dm_io_async_bvec</c>).</summary>
    /// <param name="where">The regions; a read may name only one.</param>
    /// <param name="rw"><see cref="BioOperation.Read"/> or <see cref="BioOperation.Write"/> (the kernel's <c>READ</c>/<c>WRITE</c>); anything else is refused.</param>
    /// <param name="vectors">The elements.</param>
    /// <param name="notify">Called exactly once with the error bits.</param>
    /// <param name="context">Passed to <paramref name="notify"/>.</param>
    /// <param name="flags">Extra flags.</param>
    /// <returns>0 or -EIO.</returns>
    public int AsyncBvec(ReadOnlySpan<IoRegion> where, BioOperation rw, BioVec[] vectors, DmIoNotify notify, object? context, BioFlags flags = BioFlags.None)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        return Async(where, rw, DmIoMemory.FromBvec(vectors), notify, context, flags, nameof(vectors));
    }

    /// <summary>Synchronous I/O over a virtually contiguous buffer (<c>dm_io_sync_vm</c>).</summary>
    /// <param name="where">The regions; a read may name only one.</param>
    /// <param name="rw"><see cref="BioOperation.Read"/> or <see cref="BioOperation.Write"/> (the kernel's <c>READ</c>/<c>WRITE</c>); anything else is refused.</param>
    /// <param name="data">The buffer and its offset inside its first page.</param>
    /// <param name="errorBits">Receives one bit per failed region.</param>
    /// <param name="flags">Extra flags.</param>
    /// <returns>0 or -EIO.</returns>
    public int SyncVm(ReadOnlySpan<IoRegion> where, BioOperation rw, VmBuffer data, ref ulong errorBits, BioFlags flags = BioFlags.None) =>
        Sync(where, rw, DmIoMemory.FromVm(data), ref errorBits, flags, nameof(data));

    /// <summary>Asynchronous I/O over a virtually contiguous buffer (<c>dm_io_async_vm</c>).</summary>
    /// <param name="where">The regions; a read may name only one.</param>
    /// <param name="rw"><see cref="BioOperation.Read"/> or <see cref="BioOperation.Write"/> (the kernel's <c>READ</c>/<c>WRITE</c>); anything else is refused.</param>
    /// <param name="data">The buffer and its offset inside its first page.</param>
    /// <param name="notify">Called exactly once with the error bits.</param>
    /// <param name="context">Passed to <paramref name="notify"/>.</param>
    /// <param name="flags">Extra flags.</param>
    /// <returns>0 or -EIO.</returns>
    public int AsyncVm(ReadOnlySpan<IoRegion> where, BioOperation rw, VmBuffer data, DmIoNotify notify, object? context, BioFlags flags = BioFlags.None) =>
        Async(where, rw, DmIoMemory.FromVm(data), notify, context, flags, nameof(data));

    private int Sync(ReadOnlySpan<IoRegion> where, BioOperation rw, in DmIoMemory memory, ref ulong errorBits, BioFlags flags, string memoryParam)
    {
        DmIoClient client = RequireClient();
        BioOperation op = ToOperation(rw);
        RequestValidator.Validate(op, flags, where, memory, memoryParam);
        if (where.Length > 1 && !op.IsWrite())
        {
            return -Errno.EIO; // the seed-era kernel: a read has one destination; error bits are left as they were
        }

        return DmIoEngine.SyncIo(client, op, flags, where, memory, ref errorBits, writeBits: true, priority: 0);
    }

    private int Async(ReadOnlySpan<IoRegion> where, BioOperation rw, in DmIoMemory memory, DmIoNotify notify, object? context, BioFlags flags, string memoryParam)
    {
        ArgumentNullException.ThrowIfNull(notify);
        DmIoClient client = RequireClient();
        BioOperation op = ToOperation(rw);
        RequestValidator.Validate(op, flags, where, memory, memoryParam);
        if (where.Length > 1 && !op.IsWrite())
        {
            notify(1, context); // the seed-era kernel called back with bit 0 set, synchronously, and returned -EIO
            return -Errno.EIO;
        }

        return DmIoEngine.AsyncIo(client, op, flags, where, memory, notify, context, priority: 0);
    }

    // A volatile read, not the lock: Get and Put publish _client under the lock, and every I/O reads it, so the
    // lock would tax each request for a race it could not close anyway (Put may run the moment this returns).
    private DmIoClient RequireClient() =>
        Volatile.Read(ref _client) ?? throw new InvalidOperationException("The dm-io pool does not exist: call Get (dm_io_get) before issuing I/O.");

    // The seed's rw argument is READ or WRITE; the other operations go through DmIoClient's request API.
    private static BioOperation ToOperation(BioOperation rw) => rw is BioOperation.Read or BioOperation.Write
        ? rw
        : throw new ArgumentOutOfRangeException(nameof(rw), rw, "rw must be Read or Write.");
}
