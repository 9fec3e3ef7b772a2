using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// 6.12's <c>delay_presuspend</c> (may_delay = false, then <c>flush_delayed_bios(dc, true)</c>: every held bio goes on
/// at once) and <c>delay_resume</c> (may_delay = true), on the simulated clock.
/// </summary>
public sealed class DelaySuspendTests
{
    private const long Millisecond = 1_000_000;

    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _mem0 = new("mem0", 8192, new QueueLimits { VolatileWriteCache = true });
    private readonly FaultRecord _record = new();

    [Fact]
    public void Suspend_SendsEveryHeldBioOnAtOnce_InArrivalOrder()
    {
        DelayDevice delay = Delay("0 1024 delay mem0 0 500");
        var order = new List<string>();
        TestBio write = TestBio.Write(8, Bytes.Pattern(8), clock: _scheduler, onComplete: _ => order.Add("write")).SubmitTo(delay);
        _scheduler.AdvanceBy(100 * Millisecond);
        TestBio read = TestBio.Read(0, 8, clock: _scheduler, onComplete: _ => order.Add("read")).SubmitTo(delay);
        TestBio flush = TestBio.Flush(clock: _scheduler, onComplete: _ => order.Add("flush")).SubmitTo(delay);
        Assert.Equal("1 1 1", delay.Status);

        delay.Presuspend(noflush: false);

        Assert.Equal(["write", "read", "flush"], order);
        Assert.All(new[] { write, read, flush }, b => Assert.Equal((100 * Millisecond, BlkStatus.Ok), (b.CompletedAtNanoseconds, b.Status)));
        Assert.Equal(("0 0 0", 0), (delay.Status, delay.HeldCount));
    }

    [Fact]
    public void Suspend_LeavesTheReleasedBiosTimersNothingToDo()
    {
        DelayDevice delay = Delay("0 1024 delay mem0 0 500");
        TestBio read = TestBio.Read(0, 8, clock: _scheduler).SubmitTo(delay);
        delay.Presuspend(noflush: false);

        _scheduler.RunUntilIdle();

        Assert.Equal(1, read.Completions);
        Assert.Equal(1, _mem0.BiosSubmitted);
    }

    [Fact]
    public void WhileSuspended_BiosAreSentOnWithoutDelayOrRecord()
    {
        DelayDevice delay = Delay("0 1024 delay mem0 0 500");
        delay.Presuspend(noflush: false);

        TestBio read = TestBio.Read(0, 8, clock: _scheduler).SubmitTo(delay);
        TestBio flush = TestBio.Flush(clock: _scheduler).SubmitTo(delay);

        Assert.True(delay.IsSuspended);
        Assert.Equal((0L, 0L), (read.CompletedAtNanoseconds, flush.CompletedAtNanoseconds));
        Assert.Equal("0 0 0", delay.Status);
        Assert.Empty(_record.Snapshot());
    }

    [Fact]
    public void Resume_DelaysBiosAgain()
    {
        DelayDevice delay = Delay("0 1024 delay mem0 0 500");
        delay.Presuspend(noflush: false);
        delay.Resume();

        TestBio read = TestBio.Read(0, 8, clock: _scheduler).SubmitTo(delay);
        _scheduler.AdvanceBy(500 * Millisecond - 1);
        Assert.False(read.Done, "a resumed delay device holds the read for its 500 ms");
        Assert.Equal("1 0 0", delay.Status);
        _scheduler.AdvanceBy(1);

        Assert.False(delay.IsSuspended);
        Assert.Equal(500 * Millisecond, read.CompletedAtNanoseconds);
    }

    private DelayDevice Delay(string line) => (DelayDevice)DelayDevice.FromTable(TableLine.Parse(line, _scheduler, _mem0), _record);
}
