using System.Diagnostics;

namespace DmIo;

/// <summary>
/// A scheduler on real threads and real time: scheduled work runs on the thread pool (after a timer for
/// delays), and waiting blocks the calling thread. Use it to exercise the engine's concurrency.
/// </summary>
public sealed class RealTimeScheduler : IIoScheduler
{
    private readonly long _start = Stopwatch.GetTimestamp(); // time zero

    /// <summary>A shared instance; it holds no state beyond its start time.</summary>
    public static RealTimeScheduler Shared { get; } = new();

    /// <summary>How long <see cref="WaitUntil"/> waits before declaring a deadlock; infinite by default.</summary>
    public TimeSpan WaitTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <inheritdoc />
    public long NowNanoseconds => (long)Stopwatch.GetElapsedTime(_start).TotalNanoseconds;

    /// <inheritdoc />
    public bool IsSimulated => false;

    /// <inheritdoc />
    public void Schedule(long delayNanoseconds, Action work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayNanoseconds);
        ArgumentNullException.ThrowIfNull(work);
        if (delayNanoseconds == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
            return;
        }

        // Never inline (a completed Task.Delay's continuation re-entered a delay target under its own lock) and never
        // rounded to milliseconds (sub-millisecond latencies would all become 1 ms): a deadline timer thread.
        long ticks = (long)Math.Min(delayNanoseconds * (Stopwatch.Frequency / 1e9), long.MaxValue / 2);
        DeadlineTimer.Schedule(Stopwatch.GetTimestamp() + Math.Max(1, ticks), work);
    }

    /// <inheritdoc />
    public void WaitUntil(IoWaitCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!condition.BlockUntilSatisfied(WaitTimeout))
        {
            throw new TimeoutException($"Waited {WaitTimeout} for {condition.Description}: the I/O never completed.");
        }
    }
}
