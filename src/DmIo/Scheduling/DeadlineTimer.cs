using System.Diagnostics;

namespace DmIo;

/// <summary>
/// One background thread that runs work on the thread pool at its deadline, precisely below a millisecond: it sleeps
/// on an event until a millisecond before the earliest deadline, then yields the processor until it is due. Work is
/// never run inline on the caller's thread, and deadlines are dispatched in order (equal deadlines in arrival order).
/// <c>Task.Delay</c> cannot do this: it rounds to whole milliseconds (and to the timer's tick), so sub-millisecond
/// latencies all became 1 ms or more.
/// </summary>
internal static class DeadlineTimer
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;                // yield, not sleep, inside the last 1 ms
    private static readonly Lock Sync = new();                                           // guards the queue and the thread
    private static readonly PriorityQueue<Action, (long Deadline, long Order)> Due = new(); // work by deadline, then arrival
    private static readonly AutoResetEvent Wake = new(false);                            // an earlier deadline arrived
    private static long _order;                                                          // arrival counter, for ties
    private static Thread? _thread;                                                      // started on first use

    /// <summary>Runs <paramref name="work"/> on the thread pool once <see cref="Stopwatch.GetTimestamp"/> reaches <paramref name="deadline"/>.</summary>
    public static void Schedule(long deadline, Action work)
    {
        bool earliest;
        lock (Sync)
        {
            earliest = !Due.TryPeek(out _, out var first) || deadline < first.Deadline;
            Due.Enqueue(work, (deadline, _order++));
            if (_thread is null)
            {
                _thread = new Thread(Loop) { IsBackground = true, Name = "dmio deadline timer" };
                _thread.Start();
            }
        }

        if (earliest)
        {
            Wake.Set();
        }
    }

    private static void Loop()
    {
        while (true)
        {
            long wait;
            lock (Sync)
            {
                long now = Stopwatch.GetTimestamp();
                while (Due.TryPeek(out Action? work, out var first) && first.Deadline <= now)
                {
                    Due.Dequeue();
                    ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
                }

                wait = Due.TryPeek(out _, out var next) ? next.Deadline - now : -1;
            }

            if (wait < 0)
            {
                Wake.WaitOne();
            }
            else if (wait > SpinTicks)
            {
                Wake.WaitOne(TimeSpan.FromSeconds((double)(wait - SpinTicks) / Stopwatch.Frequency));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
