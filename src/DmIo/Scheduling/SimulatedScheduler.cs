namespace DmIo;

/// <summary>
/// A single-threaded scheduler over a virtual clock: events run in order of (time, sequence number), so the
/// same inputs always run in the same order. Waiting pumps the event queue on the waiting thread.
/// </summary>
public sealed class SimulatedScheduler : IIoScheduler
{
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _events = new(); // pending work
    private long _now;       // virtual nanoseconds
    private long _sequence;  // tie-breaker: first scheduled runs first

    /// <summary>Creates a scheduler at virtual time 0 whose random source starts from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed for <see cref="Random"/>.</param>
    public SimulatedScheduler(ulong seed = 0) => Random = new DeterministicRandom(seed);

    /// <inheritdoc />
    public long NowNanoseconds => _now;

    /// <inheritdoc />
    public bool IsSimulated => true;

    /// <summary>The seeded random source of this simulation.</summary>
    public DeterministicRandom Random { get; }

    /// <summary>Events waiting to run.</summary>
    public int PendingEvents => _events.Count;

    /// <summary>Events run so far.</summary>
    public long EventsRun { get; private set; }

    /// <inheritdoc />
    public void Schedule(long delayNanoseconds, Action work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayNanoseconds);
        ArgumentNullException.ThrowIfNull(work);
        _events.Enqueue(work, (_now + delayNanoseconds, _sequence++));
    }

    /// <summary>Runs the earliest pending event, moving the clock to its time.</summary>
    /// <returns>False when no event was pending.</returns>
    public bool RunNext()
    {
        if (!_events.TryDequeue(out Action? work, out (long Time, long Sequence) key))
        {
            return false;
        }

        _now = Math.Max(_now, key.Time);
        EventsRun++;
        work();
        return true;
    }

    /// <summary>Runs events until none are left.</summary>
    public void RunUntilIdle()
    {
        while (RunNext())
        {
        }
    }

    /// <summary>Runs every event due up to <paramref name="nanoseconds"/> from now, then sets the clock there.</summary>
    /// <param name="nanoseconds">How far to advance; not negative.</param>
    public void AdvanceBy(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        long target = _now + nanoseconds;
        while (_events.TryPeek(out _, out (long Time, long Sequence) key) && key.Time <= target)
        {
            RunNext();
        }

        _now = target;
    }

    /// <inheritdoc />
    public void WaitUntil(IoWaitCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (!condition.IsSatisfied)
        {
            if (!RunNext())
            {
                throw new SimulationStalledException(
                    $"Simulation stalled at {_now} ns: waiting for {condition.Description} but no events are pending.");
            }
        }
    }
}
