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

    /// <summary>
    /// Runs every event due up to the absolute time <paramref name="nanoseconds"/>, then sets the clock there; a time
    /// the clock has already passed runs only what is due now and leaves the clock where it is. A caller that paces
    /// the simulation by a wall clock calls it with the wall clock's reading.
    /// </summary>
    /// <param name="nanoseconds">The time to advance to.</param>
    public void AdvanceTo(long nanoseconds) => AdvanceBy(Math.Max(0, nanoseconds - _now));

    /// <summary>The time of the earliest pending event.</summary>
    /// <param name="nanoseconds">Its time, or 0 when none is pending.</param>
    /// <returns>False when no event is pending.</returns>
    public bool TryPeekNextEvent(out long nanoseconds)
    {
        bool any = _events.TryPeek(out _, out (long Time, long Sequence) key);
        nanoseconds = any ? key.Time : 0;
        return any;
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
