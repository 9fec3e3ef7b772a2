namespace DmIo;

/// <summary>
/// Something a scheduler can wait for. Subclasses say when it <see cref="IsSatisfied"/> and call
/// <see cref="Signal"/> after every change that might satisfy it, so a blocked thread re-checks.
/// </summary>
public abstract class IoWaitCondition
{
    private readonly object _gate = new(); // monitor blocked threads wait on
    private int _waiters;                  // threads inside BlockUntilSatisfied; Signal skips the lock when 0

    /// <summary>True once whatever is awaited has happened.</summary>
    public abstract bool IsSatisfied { get; }

    /// <summary>A description for stall and deadlock reports.</summary>
    public virtual string Description => GetType().Name;

    /// <summary>Blocks the calling thread until <see cref="IsSatisfied"/> holds (what a real-thread scheduler does).</summary>
    /// <param name="timeout">How long to wait before giving up; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <returns>True if satisfied, false on timeout.</returns>
    public bool BlockUntilSatisfied(TimeSpan timeout)
    {
        if (IsSatisfied)
        {
            return true;
        }

        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            Interlocked.Increment(ref _waiters);
            try
            {
                while (!IsSatisfied)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
                }

                return true;
            }
            finally
            {
                Interlocked.Decrement(ref _waiters);
            }
        }
    }

    /// <summary>Wakes blocked threads so they re-check <see cref="IsSatisfied"/>; cheap when nobody waits.</summary>
    protected void Signal()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters) == 0)
        {
            return;
        }

        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
