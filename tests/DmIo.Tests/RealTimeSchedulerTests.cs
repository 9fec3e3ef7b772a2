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
        bool returned = false;
        bool ranInline = false;
        int runs = 0;
        using var done = new ManualResetEventSlim();

        scheduler.Schedule(delayNanoseconds, () =>
        {
            ranInline = !Volatile.Read(ref returned);
            Interlocked.Increment(ref runs);
            done.Set();
        });
        Volatile.Write(ref returned, true);

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)), $"work scheduled {delayNanoseconds} ns ahead did not run within 10 s");
        Assert.False(ranInline, $"work scheduled {delayNanoseconds} ns ahead ran inside Schedule");
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public void Schedule_WithADelay_DoesNotRunEarly()
    {
        var scheduler = new RealTimeScheduler();
        long ranAt = 0;
        using var done = new ManualResetEventSlim();
        long start = scheduler.NowNanoseconds;

        scheduler.Schedule(3_000_000, () =>
        {
            ranAt = scheduler.NowNanoseconds;
            done.Set();
        });

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)), "work scheduled 3 ms ahead did not run within 10 s");
        Assert.True(ranAt - start >= 3_000_000, $"work scheduled 3 ms ahead ran after {ranAt - start} ns");
    }
}
