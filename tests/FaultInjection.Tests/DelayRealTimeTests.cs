using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>The delay target on real timers: per-class submission order must survive concurrent timer callbacks.</summary>
public sealed class DelayRealTimeTests
{
    [Fact]
    public async Task Delay_OnRealTimers_KeepsWriteOrderAndWaitsAtLeastTheDelay()
    {
        var scheduler = new RealTimeScheduler();
        var lower = new MemoryDevice("mem0", 1024);
        IBlockDevice delay = DelayDevice.FromTable(TableLine.Parse("0 1024 delay mem0 0 3", scheduler, lower), null);
        var order = new List<long>();
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int count = 40;
        var bios = new List<TestBio>();

        for (int i = 1; i <= count; i++)
        {
            bios.Add(TestBio.Write(0, Bytes.Pattern(1, seed: i), id: i, clock: scheduler, onComplete: b =>
            {
                lock (order)
                {
                    order.Add(b.Bio.Id);
                    if (order.Count == count)
                    {
                        allDone.SetResult();
                    }
                }
            }));
        }

        long start = scheduler.NowNanoseconds;
        foreach (TestBio bio in bios)
        {
            bio.SubmitTo(delay);
        }

        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), order);
        Assert.All(bios, b => Assert.True(b.CompletedAtNanoseconds - start >= 3_000_000, $"bio {b.Bio.Id} completed after {b.CompletedAtNanoseconds - start} ns"));
        Bytes.Equal(Bytes.Pattern(1, seed: count), Bytes.Direct(lower, 0, 1), "last write wins");
    }
}
