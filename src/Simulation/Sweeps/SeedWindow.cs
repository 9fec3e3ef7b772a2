using System.Runtime.ExceptionServices;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Hands seeds to worker threads in increasing order and gives their outcomes back to one consumer in the same order.
/// At most <c>capacity</c> seeds are taken and not yet consumed at any time, so the work queued and the outcomes held
/// stay bounded however long the range is. Because seeds are handed out in order, the seeds started are always a
/// prefix of the sequence; after <see cref="Stop"/> every seed already handed out still completes and is consumed, so
/// the consumer sees exactly that prefix.
/// </summary>
internal sealed class SeedWindow
{
    private readonly object _gate = new(); // guards every field below
    private readonly IEnumerator<ulong> _seeds; // the seeds not yet handed out
    private readonly Slot[] _slots; // outcome of seed number i lives in _slots[i % capacity] until consumed
    private long _handedOut; // seeds given to workers so far
    private long _consumed; // outcomes given to the consumer so far
    private bool _exhausted; // _seeds has no more
    private bool _stopped; // no more seeds are handed out
    private bool _lookedPastStop; // RanToEnd already asked the enumerator whether a seed was left after the stop
    private bool _consumerWaiting; // the consumer is in Monitor.Wait: completions must wake it
    private int _workersWaiting; // workers in Monitor.Wait for room: consumption must wake them

    /// <summary>Creates a window over <paramref name="seeds"/>.</summary>
    /// <param name="seeds">The seeds, in the order their outcomes are consumed.</param>
    /// <param name="capacity">How many seeds may be out (running or waiting to be consumed) at once.</param>
    public SeedWindow(IEnumerable<ulong> seeds, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _seeds = seeds.GetEnumerator();
        _slots = new Slot[capacity];
    }

    /// <summary>
    /// True when every seed of the sequence was handed out and consumed. Call it once the consumer is done (after
    /// <see cref="TryNext"/> returned false, or after <see cref="Stop"/>).
    /// </summary>
    /// <returns>Whether the sequence ran to its end.</returns>
    public bool RanToEnd()
    {
        lock (_gate)
        {
            // Stopped right after the last seed was handed out: nobody has asked the enumerator for more yet.
            if (!_exhausted && _stopped && !_lookedPastStop)
            {
                _lookedPastStop = true;
                _exhausted = !_seeds.MoveNext();
            }

            return _exhausted && _consumed == _handedOut;
        }
    }

    /// <summary>
    /// Worker side: waits for room in the window and takes up to <paramref name="seeds"/>' length consecutive seeds
    /// (as many as the window has room for); 0 once stopped or exhausted. Taking and completing a batch at a time
    /// keeps the threads' hand-offs (each a futex wake and a context switch) to one per batch instead of per seed.
    /// </summary>
    /// <param name="seeds">Receives the seeds, from index 0.</param>
    /// <param name="first">The first seed's position in the sequence, to pass back to <see cref="Complete"/>.</param>
    /// <returns>How many seeds were taken; 0 when there is nothing more to run.</returns>
    public int TryTake(Span<ulong> seeds, out long first)
    {
        lock (_gate)
        {
            while (!_stopped && !_exhausted && _handedOut - _consumed >= _slots.Length)
            {
                _workersWaiting++;
                Monitor.Wait(_gate);
                _workersWaiting--;
            }

            first = _handedOut;
            int taken = 0;
            int room = (int)Math.Min(seeds.Length, _slots.Length - (_handedOut - _consumed));
            while (taken < room && !_stopped && !_exhausted)
            {
                if (!_seeds.MoveNext())
                {
                    _exhausted = true;
                    break;
                }

                seeds[taken++] = _seeds.Current;
            }

            _handedOut += taken;
            if (taken == 0)
            {
                Monitor.PulseAll(_gate); // the consumer may be waiting to learn that the sequence ended
            }

            return taken;
        }
    }

    /// <summary>
    /// Worker side: hands back the outcomes of the seeds numbered <paramref name="first"/> on, one per entry of
    /// <paramref name="outcomes"/> (null where the run threw) and <paramref name="errors"/> (what it threw, or null).
    /// </summary>
    /// <param name="first">The number <see cref="TryTake"/> gave.</param>
    /// <param name="outcomes">The outcomes, in seed order.</param>
    /// <param name="errors">What each run threw, or null; as long as <paramref name="outcomes"/>.</param>
    public void Complete(long first, ReadOnlySpan<SeedOutcome?> outcomes, ReadOnlySpan<Exception?> errors)
    {
        lock (_gate)
        {
            for (int i = 0; i < outcomes.Length; i++)
            {
                _slots[(first + i) % _slots.Length] = new Slot(true, outcomes[i], errors[i]);
            }

            if (_consumerWaiting)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Consumer side: waits for the next outcome in sequence order. Returns false when the sequence ended or the window
    /// was stopped and every seed handed out has been consumed. A run that threw rethrows here, in its turn.
    /// </summary>
    /// <param name="outcome">The next outcome.</param>
    /// <returns>False when there are no more outcomes.</returns>
    public bool TryNext(out SeedOutcome outcome)
    {
        lock (_gate)
        {
            while (true)
            {
                ref Slot slot = ref _slots[_consumed % _slots.Length];
                if (slot.Filled)
                {
                    (SeedOutcome? done, Exception? error) = (slot.Outcome, slot.Error);
                    slot = default;
                    _consumed++;
                    if (_workersWaiting > 0)
                    {
                        Monitor.PulseAll(_gate); // room in the window for a waiting worker
                    }

                    if (error is not null)
                    {
                        ExceptionDispatchInfo.Throw(error);
                    }

                    outcome = done!;
                    return true;
                }

                if ((_stopped || _exhausted) && _consumed == _handedOut)
                {
                    outcome = null!;
                    return false;
                }

                _consumerWaiting = true;
                Monitor.Wait(_gate);
                _consumerWaiting = false;
            }
        }
    }

    /// <summary>Hands out no more seeds. Seeds already handed out still complete and are still consumed.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    // One outcome waiting to be consumed.
    private record struct Slot(bool Filled, SeedOutcome? Outcome, Exception? Error);
}
