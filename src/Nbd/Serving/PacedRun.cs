using System.Diagnostics;
using DmIo.Simulation;

namespace DmIo.Nbd.Serving;

/// <summary>
/// A scenario run paced by the wall clock, for clients that live in real time. Its virtual clock is the wall clock's
/// time since serving began (plus where the scenario's own steps left the clock): before anything is done to the run,
/// every event due by now runs at its own virtual time, and a pacer thread runs each later event when the wall clock
/// reaches it, so a latency target's delay delays the real reply. Everything happens under one lock on one run, so
/// the run stays as single-threaded as a simulated one: the same requests at the same virtual times make the same
/// fault decisions, which is what lets a trace of a session be replayed (<see cref="NbdReplay"/>), and why targets
/// that are not thread-safe (the mirror) can be served.
/// </summary>
public sealed class PacedRun : IDisposable
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000; // yield, not sleep, inside the last 1 ms

    private readonly Lock _lock = new();                 // guards the run
    private readonly ScenarioRun _run;                   // the run
    private readonly long _origin;                       // virtual time when serving began
    private readonly long _start = Stopwatch.GetTimestamp(); // wall time when serving began
    private readonly AutoResetEvent _wake = new(false);  // an earlier event was scheduled, or disposal
    private readonly Thread _pacer;                      // runs events when they fall due
    private readonly Action<Exception> _failed;          // told when an event throws
    private long _armedFor = long.MaxValue;              // the virtual time the pacer sleeps until
    private volatile bool _disposed;                     // the pacer stops

    /// <summary>Paces <paramref name="run"/> from now on.</summary>
    /// <param name="run">A run whose devices are built and whose scenario steps have run.</param>
    /// <param name="failed">Told (on the pacer thread) when an event throws; the pacer goes on with the next one.</param>
    public PacedRun(ScenarioRun run, Action<Exception> failed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(failed);
        _run = run;
        _failed = failed;
        _origin = run.NowNanoseconds;
        _pacer = new Thread(Pace) { IsBackground = true, Name = "dmio-sim nbd pacer" };
        _pacer.Start();
    }

    /// <summary>The virtual time the wall clock stands at now.</summary>
    public long WallNanoseconds => _origin + (long)Stopwatch.GetElapsedTime(_start).TotalNanoseconds;

    /// <summary>
    /// Brings the run up to the wall clock, does <paramref name="action"/> on it, and runs whatever that made due at
    /// once (an inline completion), all under the run's lock. The action must not block on anything but the run.
    /// </summary>
    /// <typeparam name="T">What the action returns.</typeparam>
    /// <param name="action">What to do.</param>
    /// <returns>What the action returned.</returns>
    public T Do<T>(Func<ScenarioRun, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ObjectDisposedException.ThrowIf(_disposed, this);
        T result;
        bool earlier;
        lock (_lock)
        {
            _run.AdvanceTo(WallNanoseconds);
            result = action(_run);
            _run.AdvanceTo(WallNanoseconds);
            earlier = _run.TryPeekNextEvent(out long next) && next < Volatile.Read(ref _armedFor);
        }

        if (earlier)
        {
            _wake.Set();
        }

        return result;
    }

    /// <summary>Stops pacing; events still pending stay pending (the owner finishes the run).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wake.Set();
        _pacer.Join();
        _wake.Dispose();
    }

    private void Pace()
    {
        while (!_disposed)
        {
            long next;
            lock (_lock)
            {
                try
                {
                    _run.AdvanceTo(WallNanoseconds);
                }
#pragma warning disable CA1031 // a failing event is reported; the server goes on
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _failed(e);
                }

                next = _run.TryPeekNextEvent(out long due) ? due : long.MaxValue;
                Volatile.Write(ref _armedFor, next);
            }

            WaitUntil(next);
        }
    }

    // Sleeps until a millisecond before the deadline, then yields until it is due (a sleep alone rounds to the timer
    // tick, and sub-millisecond latencies would all become a millisecond or more); an earlier event wakes it.
    private void WaitUntil(long virtualDeadline)
    {
        while (!_disposed)
        {
            long remaining = virtualDeadline == long.MaxValue ? long.MaxValue : virtualDeadline - WallNanoseconds;
            if (remaining <= 0)
            {
                return;
            }

            long remainingTicks = remaining == long.MaxValue ? long.MaxValue : (long)(remaining * (Stopwatch.Frequency / 1e9));
            if (remainingTicks > SpinTicks)
            {
                int sleepMs = remainingTicks == long.MaxValue ? Timeout.Infinite : (int)Math.Min(int.MaxValue, (remainingTicks - SpinTicks) * 1000 / Stopwatch.Frequency);
                if (_wake.WaitOne(sleepMs))
                {
                    return; // something earlier may be due: look again
                }
            }
            else if (!Thread.Yield())
            {
                Thread.SpinWait(20);
            }
        }
    }
}
