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

        // Task.Delay truncates to whole milliseconds and returns a completed task below one, whose continuation would
        // then run inline, re-entering the caller (a device re-arming its timer under its own lock). Sub-millisecond
        // delays therefore wait for the timer's smallest step, 1 ms, which real timers cannot beat anyway.
        var delay = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, delayNanoseconds / 100));
        _ = Task.Delay(delay).ContinueWith(static (_, w) => ((Action)w!)(), work, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
