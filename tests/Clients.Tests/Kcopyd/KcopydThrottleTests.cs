using DmIo.Clients.Kcopyd;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// 6.12's <c>io_job_start</c>/<c>io_job_finish</c> on the simulated clock (HZ 250: 4 ms jiffies, accounting halved
/// once total_period reaches 256 jiffies, each sleep <c>msleep(100)</c> = 26 jiffies ending on a tick).
/// </summary>
public sealed class KcopydThrottleTests
{
    private const long Millisecond = 1_000_000;

    [Fact]
    public void Copy_Unthrottled_TakesTheReadThenTheWrite()
    {
        var bench = CopyOneChunkThroughOneSecondDelays(new KcopydThrottle(100));

        Assert.Equal(2000 * Millisecond, bench.SingleCallback().AtNanoseconds);
    }

    [Fact]
    public void Copy_ThrottledToHalf_SleepsBeforeTheWriteUntilIoTimeFallsToHalf()
    {
        // Worked by hand from io_job_start (jiffies j; io = io_period, total = total_period):
        // j0    read starts: no history, skew 0.      j250 read done (io_job_finish): io 250, total 250.
        // j250  write: skew 250 - 125 = 125 > 0, sleep to j276.
        // j276  total 276 >= 256, shift fls(1) = 1: total 138, io 125; skew 125 - 69 = 56, sleep to j302.
        // j302  total 164: skew 43. j328: total 190, skew 30. j354: total 216, skew 17. j380: total 242, skew 4.
        // j406  total 268, shift 1: total 134, io 62; skew 62 - 67 < 0: the write starts, done 1000 ms later.
        var bench = CopyOneChunkThroughOneSecondDelays(new KcopydThrottle(50));

        Assert.Equal((406 * 4 * Millisecond) + (1000 * Millisecond), bench.SingleCallback().AtNanoseconds);
    }

    [Fact]
    public void Throttle_OutsideOneToHundred_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new KcopydThrottle(0));
        Assert.Equal("percentage", error.ParamName);
        var throttle = new KcopydThrottle(30);
        Assert.Throws<ArgumentOutOfRangeException>(() => throttle.Percentage = 101);
        Assert.Equal(30, throttle.Percentage);
    }

    private static KcopydRig CopyOneChunkThroughOneSecondDelays(KcopydThrottle throttle)
    {
        var bench = new KcopydRig(throttle: throttle);
        bench.Memory("m0", 2048);
        bench.Memory("m1", 2048);
        bench.Table("src", "0 2048 delay m0 0 1000");
        bench.Table("dst", "0 2048 delay m1 0 1000");

        bench.Client.Copy(new IoRegion(bench.Device("src"), 0, 1024), [new IoRegion(bench.Device("dst"), 0, 1024)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        Assert.Equal((false, 0UL), (bench.SingleCallback().ReadError, bench.SingleCallback().WriteErrors));
        Assert.Equal(0, throttle.IoJobsInFlight);
        return bench;
    }
}
