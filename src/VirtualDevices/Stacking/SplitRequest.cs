namespace DmIo.VirtualDevices;

/// <summary>
/// Tracks one parent bio that a stacked device sent as several child bios at once (a discard's pieces, or the
/// empty flushes of a PREFLUSH). It holds one extra reference while children are being issued (as dm core does),
/// so a child that completes inline cannot finish the parent early. After the last child the parent completes
/// once with the first non-OK status any child reported, or, for a flush with data to follow, is handed back to
/// its device to map the data without PREFLUSH (the flush's status then goes, as in 6.12's dm_io_complete).
/// </summary>
internal sealed class SplitRequest : IBioEndIo
{
    private readonly FreeList<SplitRequest> _home; // where this tracker goes back when its parent completes
    private readonly FreeList<Bio> _childBios;     // where finished child bios go back
    private Bio? _parent;                          // the bio to complete; null while idle
    private int _pending;                          // children in flight plus the issuing reference
    private int _status;                           // first non-OK BlkStatus seen, 0 (OK) until then
    private StackedDeviceBase? _then;              // maps the parent's data after its flush; null to complete it
    private StackedDeviceBase? _owner;             // hears about each failed child (the target's end_io)

    public SplitRequest(FreeList<SplitRequest> home, FreeList<Bio> childBios)
    {
        _home = home;
        _childBios = childBios;
    }

    /// <summary>Begins tracking <paramref name="parent"/> with the issuing reference held.</summary>
    public void Start(Bio parent, StackedDeviceBase? then, StackedDeviceBase owner)
    {
        _parent = parent;
        _then = then;
        _owner = owner;
        _status = (int)BlkStatus.Ok;
        Volatile.Write(ref _pending, 1);
    }

    /// <summary>Counts one more child in flight; call before submitting it.</summary>
    public void AddChild() => Interlocked.Increment(ref _pending);

    /// <summary>A child finished: keep its status if it is the first failure, recycle it, drop its reference.</summary>
    public void EndIo(Bio bio)
    {
        if (bio.Status != BlkStatus.Ok)
        {
            Interlocked.CompareExchange(ref _status, (int)bio.Status, (int)BlkStatus.Ok);
            _owner!.ChildFailed(bio.PrivateIndex, bio.Status);
        }

        _childBios.Return(bio);
        Put();
    }

    /// <summary>Drops one reference; the last one completes the parent and recycles this tracker.</summary>
    public void Put()
    {
        if (Interlocked.Decrement(ref _pending) != 0)
        {
            return;
        }

        Bio parent = _parent!;
        var status = (BlkStatus)Volatile.Read(ref _status);
        StackedDeviceBase? then = _then;
        StackedDeviceBase owner = _owner!;
        _parent = null;
        _then = null;
        _owner = null;
        _home.Return(this); // safe before completing: everything needed was copied to locals
        try
        {
            if (status == BlkStatus.DmRequeue)
            {
                if (owner.RequeueWhole(parent))
                {
                    return; // pushed back whole, PREFLUSH and all (__dm_io_complete of a requeued io)
                }

                status = BlkStatus.IoError;
            }

            if (then is not null && parent.Size != 0)
            {
                parent.Flags &= ~BioFlags.Preflush;
                then.ContinueAfterFlush(parent);
                return;
            }

            parent.Complete(status);
        }
        finally
        {
            owner.TrackedPieceEnded();
        }
    }
}
