using System.Diagnostics;

namespace DmIo;

/// <summary>
/// A bounded pool of io objects (the kernel's io mempool). Objects are created up front; when every one is in
/// flight a submitter waits — through the scheduler, or asynchronously for the Task API — until one comes back.
/// It never fails a request and never grows past its capacity. Shrinking drops free objects at once and
/// in-flight ones as they return. Task API waiters are served first come, first served: an object that comes back
/// or is added by growing goes to the oldest of them, and while any is queued nobody else takes a free object, so
/// the invariant is that free objects and queued async waiters never coexist.
/// </summary>
internal sealed class IoPool : IoWaitCondition
{
    private readonly Lock _lock = new();                 // guards every field below
    private readonly Stack<IoObject> _free = new();        // objects ready to hand out
    private readonly Queue<TaskCompletionSource<IoObject>> _asyncWaiters = new(); // Task API callers waiting
    private int _capacity;                                 // the most objects that may exist
    private int _existing;                                 // objects alive: free + outstanding
    private int _freeCount;                                // mirror of _free.Count readable without the lock

    public IoPool(int capacity) => Resize(capacity);

    public int Capacity
    {
        get
        {
            lock (_lock)
            {
                return _capacity;
            }
        }
    }

    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _existing - _free.Count;
            }
        }
    }

    public int Free => Volatile.Read(ref _freeCount);

    public override bool IsSatisfied => Volatile.Read(ref _freeCount) > 0;

    public override string Description => "a free io object (the pool is exhausted)";

    /// <summary>
    /// Sets the capacity. Growing hands each new object to the oldest queued async waiter, if any, and frees the
    /// rest; shrinking drops free objects now and in-flight ones as they return.
    /// </summary>
    public void Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        List<(TaskCompletionSource<IoObject> Waiter, IoObject Io)>? handOffs = null;
        lock (_lock)
        {
            _capacity = capacity;
            while (_existing < _capacity)
            {
                _existing++;
                var io = new IoObject();
                if (_asyncWaiters.TryDequeue(out TaskCompletionSource<IoObject>? waiter))
                {
                    (handOffs ??= []).Add((waiter, io));
                }
                else
                {
                    Release(io);
                }
            }

            while (_existing > _capacity && _free.Count > 0)
            {
                _free.Pop();
                _existing--;
            }

            _freeCount = _free.Count;
            AssertNoFreeObjectWhileWaitersQueue();
        }

        // Outside the lock, oldest first; the waiters' continuations run elsewhere (RunContinuationsAsynchronously).
        handOffs?.ForEach(h => h.Waiter.SetResult(h.Io));
        Signal();
    }

    /// <summary>Takes a free object unless there is none or async waiters are queued ahead of the caller.</summary>
    public bool TryRent(out IoObject io)
    {
        lock (_lock)
        {
            AssertNoFreeObjectWhileWaitersQueue();
            if (_asyncWaiters.Count == 0 && _free.TryPop(out IoObject? found))
            {
                _freeCount = _free.Count;
                io = found;
                return true;
            }
        }

        io = null!;
        return false;
    }

    /// <summary>Rents an object, waiting through <paramref name="scheduler"/> while none is free.</summary>
    public IoObject Rent(IIoScheduler scheduler)
    {
        IoObject io;
        while (!TryRent(out io))
        {
            scheduler.WaitUntil(this);
        }

        return io;
    }

    /// <summary>Rents an object without blocking a thread: completes when one is free and every older async waiter was served.</summary>
    public ValueTask<IoObject> RentAsync()
    {
        lock (_lock)
        {
            AssertNoFreeObjectWhileWaitersQueue();
            if (_asyncWaiters.Count == 0 && _free.TryPop(out IoObject? io))
            {
                _freeCount = _free.Count;
                return ValueTask.FromResult(io);
            }

            var waiter = new TaskCompletionSource<IoObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _asyncWaiters.Enqueue(waiter);
            return new ValueTask<IoObject>(waiter.Task);
        }
    }

    public void Return(IoObject io)
    {
        TaskCompletionSource<IoObject>? handOff = null;
        lock (_lock)
        {
            if (_existing > _capacity)
            {
                _existing--; // shrunk while in flight: let it go
                return;
            }

            if (!_asyncWaiters.TryDequeue(out handOff))
            {
                Release(io);
                _freeCount = _free.Count;
            }
        }

        if (handOff != null)
        {
            handOff.SetResult(io);
            return;
        }

        Signal();
    }

    private void Release(IoObject io) => _free.Push(io);

    // Caller holds _lock. A free object next to a queued waiter is a lost wake-up: that waiter would wait for an
    // object that is already there while newcomers take it.
    [Conditional("DEBUG")]
    private void AssertNoFreeObjectWhileWaitersQueue() =>
        Debug.Assert(_free.Count == 0 || _asyncWaiters.Count == 0, $"{_free.Count} free io object(s) while {_asyncWaiters.Count} async waiter(s) queue");
}
