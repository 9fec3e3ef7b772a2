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

    /// <summary>Worker side: waits for room in the window and takes the next seed; false once stopped or exhausted.</summary>
    /// <param name="number">The seed's position in the sequence, to pass back to <see cref="Complete"/>.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>False when there is nothing more to run.</returns>
    public bool TryTake(out long number, out ulong seed)
    {
        lock (_gate)
        {
            while (!_stopped && !_exhausted && _handedOut - _consumed >= _slots.Length)
            {
                Monitor.Wait(_gate);
            }

            if (!_stopped && !_exhausted && !_seeds.MoveNext())
            {
                _exhausted = true;
            }

            if (_stopped || _exhausted)
            {
                Monitor.PulseAll(_gate); // the consumer may be waiting to learn that the sequence ended
                number = -1;
                seed = 0;
                return false;
            }

            number = _handedOut++;
            seed = _seeds.Current;
            return true;
        }
    }

    /// <summary>Worker side: hands back the outcome of seed number <paramref name="number"/>, or what its run threw.</summary>
    /// <param name="number">The number <see cref="TryTake"/> gave.</param>
    /// <param name="outcome">The outcome, or null when the run threw.</param>
    /// <param name="error">What the run threw, or null.</param>
    public void Complete(long number, SeedOutcome? outcome, Exception? error)
    {
        lock (_gate)
        {
            _slots[number % _slots.Length] = new Slot(true, outcome, error);
            Monitor.PulseAll(_gate);
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
                    Monitor.PulseAll(_gate); // a worker may be waiting for room
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

                Monitor.Wait(_gate);
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
