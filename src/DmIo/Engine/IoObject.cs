namespace DmIo;

/// <summary>
/// The engine's per-request bookkeeping (<c>struct io</c>): a reference count of bios in flight plus one for
/// the dispatcher, the error bits, and the callback. Pooled: it goes back to its client's pool before the
/// callback runs, as <c>complete_io</c> does, so a callback may immediately issue the next request.
/// </summary>
internal sealed class IoObject : IBioEndIo
{
    private int _count;            // bios in flight + 1 while dispatching
    private long _errorBits;       // bit i set iff region i saw a failed bio
    private DmIoClient? _client;   // owner of the pools this io and its bios return to
    private DmIoNotify? _callback; // called once at the end
    private object? _context;      // passed to the callback

    // Cursors are reused across lives so dispatching never allocates.
    private readonly PageListCursor _pageListCursor = new();
    private readonly BvecCursor _bvecCursor = new();
    private readonly ContiguousCursor _contiguousCursor = new();
    private readonly BioMemoryCursor _bioCursor = new();

    public void Start(DmIoClient client, DmIoNotify callback, object? context)
    {
        _client = client;
        _callback = callback;
        _context = context;
        Volatile.Write(ref _errorBits, 0);
        // Start at 1: the dispatcher holds this reference until every region is submitted (see DispatchIo).
        Volatile.Write(ref _count, 1);
    }

    /// <summary>Picks the cursor for <paramref name="memory"/> (the kernel's dp_init): the only place the memory kind matters.</summary>
    public MemoryCursor? InitCursor(in DmIoMemory memory)
    {
        switch (memory.Kind)
        {
            case DmIoMemoryKind.PageList:
                _pageListCursor.Init(memory.PageList!, memory.Offset);
                return _pageListCursor;
            case DmIoMemoryKind.Bvec:
                _bvecCursor.Init(memory.Vectors!);
                return _bvecCursor;
            case DmIoMemoryKind.Vm:
                _contiguousCursor.Init(memory.Buffer, physicallyContiguous: false);
                return _contiguousCursor;
            case DmIoMemoryKind.Kmem:
                _contiguousCursor.Init(memory.Buffer, physicallyContiguous: true);
                return _contiguousCursor;
            case DmIoMemoryKind.Bio:
                _bioCursor.Init(memory.SourceBio!);
                return _bioCursor;
            default:
                return null;
        }
    }

    public DmIoClient Client => _client!;

    /// <summary>Takes a reference for one more bio in flight.</summary>
    public void AddBio() => Interlocked.Increment(ref _count);

    /// <summary>Drops a reference, recording <paramref name="status"/> against <paramref name="region"/> (<c>dec_count</c>).</summary>
    public void DecCount(int region, BlkStatus status)
    {
        if (status != BlkStatus.Ok)
        {
            Interlocked.Or(ref _errorBits, 1L << region);
        }

        if (Interlocked.Decrement(ref _count) == 0)
        {
            CompleteIo();
        }
    }

    /// <summary>A bio of this request completed (<c>endio</c>).</summary>
    public void EndIo(Bio bio)
    {
        // endio's zero_fill_bio: zero what the bio's iterator still covers. Whatever the devices below advanced the
        // bio past (every piece of a request-based device, every device-mapper piece but the last) keeps its bytes.
        if (bio.Status != BlkStatus.Ok && bio.Operation == BioOperation.Read)
        {
            bio.ZeroFill();
        }

        int region = bio.PrivateIndex;
        BlkStatus status = bio.Status;
        _client!.Bios.Return(bio);
        DecCount(region, status);
    }

    private void CompleteIo()
    {
        ulong errorBits = (ulong)Volatile.Read(ref _errorBits);
        DmIoNotify callback = _callback!;
        object? context = _context;
        DmIoClient client = _client!;
        _callback = null;
        _context = null;
        _pageListCursor.Clear();
        _bvecCursor.Clear();
        _contiguousCursor.Clear();
        _bioCursor.Clear();
        client.Ios.Return(this);
        callback(errorBits, context);
    }
}
