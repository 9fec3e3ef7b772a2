namespace DmIo.Tests;

/// <summary>The real-time scheduler keeps the scheduler contract: scheduled work never runs inside <c>Schedule</c>.</summary>
public sealed class RealTimeSchedulerTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(500_000L)]   // half a millisecond: Task.Delay would round it to 0 and complete inline
    [InlineData(2_000_000L)]
    public void Schedule_AnyDelay_NeverRunsTheWorkInline_AndRunsItOnce(long delayNanoseconds)
    {
        var scheduler = new RealTimeScheduler();
        int caller = Environment.CurrentManagedThreadId;
        bool scheduling = true;
        bool ranInline = false;
        int runs = 0;
        using var done = new ManualResetEventSlim();

        // Inline means on this thread while Schedule is still running; a timer thread may well run the work before
        // this thread gets to clear the flag, which is not inline.
        scheduler.Schedule(delayNanoseconds, () =>
        {
            ranInline = Environment.CurrentManagedThreadId == caller && Volatile.Read(ref scheduling);
            Interlocked.Increment(ref runs);
            done.Set();
        });
        Volatile.Write(ref scheduling, false);

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)), $"work scheduled {delayNanoseconds} ns ahead did not run within 10 s");
        Assert.False(ranInline, $"work scheduled {delayNanoseconds} ns ahead ran inside Schedule");
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public void Schedule_SubMillisecondDelays_NeverRunBeforeTheirDeadline()
    {
        // A lower bound only (no upper bound: that would be a timing assertion): each piece of work runs no earlier
        // than the delay it was given, whatever the mix of delays pending at once.
        var scheduler = new RealTimeScheduler();
        var random = new DeterministicRandom(12);
        const int Count = 300;
        var early = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var done = new CountdownEvent(Count);
        for (int i = 0; i < Count; i++)
        {
            long delay = random.NextInRange(1, 600_000); // 1 ns .. 0.6 ms
            long due = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(delay * (System.Diagnostics.Stopwatch.Frequency / 1e9));
            scheduler.Schedule(delay, () =>
            {
                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (now < due)
                {
                    early.Add($"{delay} ns work ran {(due - now) * 1e9 / System.Diagnostics.Stopwatch.Frequency:F0} ns early");
                }

                done.Signal();
            });
        }

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)), $"{done.CurrentCount} of {Count} scheduled items did not run within 10 s");
        Assert.True(early.IsEmpty, string.Join("; ", early.Take(5)));
    }
}
