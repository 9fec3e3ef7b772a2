namespace DmIo.FaultInjection.Tests.Simulation;

/// <summary>
/// The latency device reuses its delayed-completion objects (each with its own child bio and cached delegate).
/// Reuse must never hand one parent another's status, complete a parent twice, or allocate once warm.
/// </summary>
public sealed class LatencyDevicePoolingTests
{
    private const int InFlight = 64;

    [Fact]
    public void Latency_ReusedCompletions_CompleteEachParentOnceWithItsOwnStatus()
    {
        var scheduler = new SimulatedScheduler();
        var lower = new OddChunksFailDevice(InFlight * 8);
        var device = new LatencyDevice("lat0", lower, scheduler, new RandomChoiceSource(3), LatencyProfile.All(new UniformLatency(0, 10_000)));
        var sink = new StatusSink(InFlight);
        Bio[] parents = Enumerable.Range(0, InFlight).Select(_ => new Bio()).ToArray();

        for (int wave = 0; wave < 5; wave++)
        {
            sink.Reset();
            SubmitWave(device, parents, sink);
            scheduler.RunUntilIdle();
            for (int i = 0; i < InFlight; i++)
            {
                BlkStatus expected = i % 2 == 1 ? BlkStatus.IoError : BlkStatus.Ok;
                Assert.True(sink.Completions[i] == 1, $"wave {wave}: parent {i} completed {sink.Completions[i]} times, expected once");
                Assert.True(sink.Statuses[i] == expected, $"wave {wave}: parent {i} (sector {i * 8}) got {sink.Statuses[i]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Latency_WarmDevice_AllocatesNothingPerBio()
    {
        var scheduler = new SimulatedScheduler();
        var lower = new OddChunksFailDevice(InFlight * 8);
        var device = new LatencyDevice("lat0", lower, scheduler, new RandomChoiceSource(5), LatencyProfile.All(new ExponentialLatency(1_000, 5_000)));
        var sink = new StatusSink(InFlight);
        Bio[] parents = Enumerable.Range(0, InFlight).Select(_ => new Bio()).ToArray();
        for (int wave = 0; wave < 20; wave++)
        {
            SubmitWave(device, parents, sink);
            scheduler.RunUntilIdle();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int wave = 0; wave < 100; wave++)
        {
            SubmitWave(device, parents, sink);
            scheduler.RunUntilIdle();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 6,400 bios: any per-bio object (24 bytes at least) would show as 150 KB or more. The allowance covers a
        // one-off from tiered JIT promotion landing on this thread.
        Assert.True(allocated < 20_000, $"6,400 bios through a warm latency device allocated {allocated} bytes");
    }

    private static void SubmitWave(LatencyDevice device, Bio[] parents, StatusSink sink)
    {
        for (int i = 0; i < parents.Length; i++)
        {
            parents[i].Init(BioOperation.Discard, BioFlags.None, i * 8, sink);
            parents[i].SetPrivateIndex(sink, i);
            parents[i].SetDatalessSize(8 * 512);
            BlockLayer.Submit(device, parents[i]);
        }
    }

    /// <summary>Records, per parent index, how often it completed and with what status.</summary>
    private sealed class StatusSink(int count) : IBioEndIo
    {
        public int[] Completions { get; } = new int[count];

        public BlkStatus[] Statuses { get; } = new BlkStatus[count];

        public void Reset() => Array.Clear(Completions);

        public void EndIo(Bio bio)
        {
            Completions[bio.PrivateIndex]++;
            Statuses[bio.PrivateIndex] = bio.Status;
        }
    }

    /// <summary>A lower device that fails every bio starting in an odd 8-sector chunk and completes the rest OK, inline.</summary>
    private sealed class OddChunksFailDevice(long capacitySectors) : IBlockDevice
    {
        public string Name => "oddfail";

        public long CapacitySectors => capacitySectors;

        public QueueLimits Limits => QueueLimits.Default;

        public void Submit(Bio bio) => bio.Complete((bio.Sector / 8) % 2 == 1 ? BlkStatus.IoError : BlkStatus.Ok);
    }
}
