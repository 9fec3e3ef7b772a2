namespace DmIo;

/// <summary>
/// A bounded pool of io objects (the kernel's io mempool). Objects are created up front; when every one is in
/// flight a submitter waits — through the scheduler, or asynchronously for the Task API — until one comes back.
/// It never fails a request and never grows past its capacity. Shrinking drops free objects at once and
/// in-flight ones as they return.
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

    public void Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        lock (_lock)
        {
            _capacity = capacity;
            while (_existing < _capacity)
            {
                _existing++;
                Release(new IoObject());
            }

            while (_existing > _capacity && _free.Count > 0)
            {
                _free.Pop();
                _existing--;
            }

            _freeCount = _free.Count;
        }

        Signal();
    }

    public bool TryRent(out IoObject io)
    {
        lock (_lock)
        {
            if (_free.TryPop(out IoObject? found))
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

    /// <summary>Rents an object without blocking a thread: completes when one is free.</summary>
    public ValueTask<IoObject> RentAsync()
    {
        lock (_lock)
        {
            if (_free.TryPop(out IoObject? io))
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
}
