using DmIo.Tests.Support;

namespace DmIo.Tests.MutationGaps;

/// <summary>The two schedulers: virtual time ordered by (time, sequence), and real threads with a wait deadline.</summary>
public sealed class SchedulerTests
{
    [Fact]
    public void Simulated_RunsEventsInTimeThenSubmissionOrder_AndCountsThem()
    {
        var s = new SimulatedScheduler();
        var order = new List<string>();
        s.Schedule(10, () => order.Add("b@10"));
        s.Schedule(5, () => order.Add("a@5"));
        s.Schedule(10, () => order.Add("c@10"));
        s.Schedule(0, () => order.Add("z@0"));

        s.RunUntilIdle();

        Assert.Equal(["z@0", "a@5", "b@10", "c@10"], order);
        Assert.Equal(4, s.EventsRun);
        Assert.Equal(10, s.NowNanoseconds);
        Assert.True(s.IsSimulated);
    }

    [Fact]
    public void Simulated_AdvanceBy_RunsOnlyEventsDueByTheTarget_AndLandsOnIt()
    {
        var s = new SimulatedScheduler();
        var ran = new List<long>();
        s.Schedule(100, () => ran.Add(100));
        s.Schedule(250, () => ran.Add(250));
        s.Schedule(251, () => ran.Add(251));

        s.AdvanceBy(250);

        Assert.Equal([100L, 250L], ran);
        Assert.Equal(250, s.NowNanoseconds);
        Assert.Equal(1, s.PendingEvents);
        s.AdvanceBy(1);
        Assert.Equal([100L, 250L, 251L], ran);
    }

    [Fact]
    public void RealTime_IsNotSimulated_RunsImmediateAndDelayedWorkOnOtherThreads()
    {
        var s = new RealTimeScheduler { WaitTimeout = TimeSpan.FromSeconds(30) };
        using var now = new CountdownEvent(1);
        using var later = new CountdownEvent(1);
        long start = s.NowNanoseconds;

        s.Schedule(0, () => now.Signal());
        s.Schedule(5_000_000, () => later.Signal());

        Assert.False(s.IsSimulated);
        Bounded.Block(now, "work scheduled with no delay to run");
        Bounded.Block(later, "work scheduled 5 ms ahead to run");
        Assert.True(s.NowNanoseconds - start >= 4_000_000, "the delayed work ran before (most of) its delay");
    }

    [Fact]
    public void RealTime_WaitUntil_ThrowsTimeoutWhenTheIoNeverCompletes()
    {
        var s = new RealTimeScheduler { WaitTimeout = TimeSpan.FromMilliseconds(50) };
        using DmIoClient client = DmIoClient.CreateWithIoCapacity(1, s);
        var stuck = new DmIo.Tests.Support.ScriptedDevice("stuck", 64) { Queued = true };

        var e = Assert.Throws<TimeoutException>(() =>
            DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Discard, Client = client }, [new IoRegion(stuck, 0, 8)]));

        Assert.Contains("Waited", e.Message, StringComparison.Ordinal);
        stuck.DrainCompletions();
    }
}
