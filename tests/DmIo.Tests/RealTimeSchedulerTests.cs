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
}
