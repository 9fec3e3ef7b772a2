using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Simulation;

public sealed class LatencyDeviceTests
{
    [Fact]
    public void Latency_WithDrawnDelays_CompletesBiosInDelayOrderNotSubmissionOrder()
    {
        var scheduler = new SimulatedScheduler();
        var media = new MemoryDevice("mem0", 1024);
        // Uniform 0..1000 ns: the three bios draw 900, 100 and 500.
        var device = new LatencyDevice("lat0", media, scheduler, new ScriptedChoices(900, 100, 500), LatencyProfile.All(new UniformLatency(0, 1000)));
        var order = new List<(int Bio, long Time)>();
        for (int i = 0; i < 3; i++)
        {
            int n = i;
            var bio = new Bio();
            bio.Init(BioOperation.Write, BioFlags.None, i * 8, new BioEndIoAction(_ => order.Add((n, scheduler.NowNanoseconds))));
            bio.TryAddSegment(new byte[4096]);
            BlockLayer.Submit(device, bio);
        }

        Assert.Empty(order); // nothing completes before its latency has passed
        scheduler.RunUntilIdle();

        Assert.Equal([(1, 100L), (2, 500L), (0, 900L)], order);
    }

    [Fact]
    public void Latency_Read_MovesDataWhenLowerCompletesAndCompletesCallerAfterDelay()
    {
        var scheduler = new SimulatedScheduler();
        var media = new MemoryDevice("mem0", 64);
        byte[] stored = Bios.Pattern(8, 0x40);
        media.WriteDirect(8, stored);
        var device = new LatencyDevice("lat0", media, scheduler, new ScriptedChoices(), LatencyProfile.All(new FixedLatency(5_000)));

        Submitted read = Bios.Read(device, 8, 8);

        Bios.AssertBytes(stored, read.Buffer, "latency read buffer before the delay");
        Assert.Null(read.Status);
        scheduler.AdvanceBy(4_999);
        Assert.Null(read.Status);
        scheduler.AdvanceBy(1);
        Assert.Equal(BlkStatus.Ok, read.Status);
        Assert.Equal(1, read.Completions);
    }

    [Fact]
    public void Latency_Profile_UsesEachOperationsDistributionAndLabelsTheDraw()
    {
        var scheduler = new SimulatedScheduler();
        var choices = new ScriptedChoices(3, 4);
        var profile = new LatencyProfile
        {
            Read = new UniformLatency(10, 20),
            Flush = new UniformLatency(1_000, 1_010),
            Write = new FixedLatency(7),
        };
        var media = new MemoryDevice("mem0", 64, QueueLimits.Default with { VolatileWriteCache = true });
        var device = new LatencyDevice("lat0", media, scheduler, choices, profile);

        Submitted read = Bios.Read(device, 0, 1);
        Submitted write = Bios.Write(device, 0, new byte[512]);
        Submitted flush = Bios.Flush(device);
        scheduler.RunUntilIdle();

        Assert.Equal([("lat0:latency:read", 11UL), ("lat0:latency:flush", 11UL)], choices.Asked);
        Assert.All([read, write, flush], s => Assert.Equal(BlkStatus.Ok, s.Status));
    }

    [Fact]
    public void Latency_CompletionTimes_FollowEachOperationsDistribution()
    {
        var scheduler = new SimulatedScheduler();
        var profile = new LatencyProfile { Read = new FixedLatency(300), Write = new FixedLatency(40) };
        var device = new LatencyDevice("lat0", new MemoryDevice("mem0", 64), scheduler, new ScriptedChoices(), profile);
        long readDone = -1, writeDone = -1;
        Submitted read = Bios.Read(device, 0, 1);
        Submitted write = Bios.Write(device, 8, new byte[512]);
        while (scheduler.RunNext())
        {
            if (read.Status is not null && readDone < 0)
            {
                readDone = scheduler.NowNanoseconds;
            }

            if (write.Status is not null && writeDone < 0)
            {
                writeDone = scheduler.NowNanoseconds;
            }
        }

        Assert.Equal(300, readDone);
        Assert.Equal(40, writeDone);
    }

    [Fact]
    public void Exponential_AtMedianDraw_AddsMeanTimesLn2ToMinimum()
    {
        var exp = new ExponentialLatency(minimumNanoseconds: 1_000, meanExtraNanoseconds: 1_000_000);
        ulong half = 1UL << 52; // u = 0.5

        long sample = exp.SampleNanoseconds(new ScriptedChoices(half), "p");

        Assert.Equal(1_000 + 693_147, sample); // 1e6 * ln 2 = 693147.18
    }

    [Fact]
    public void Exponential_AtZeroDraw_ReturnsMinimum_AndNeverExceedsCap()
    {
        var exp = new ExponentialLatency(500, 100, capNanoseconds: 900);

        Assert.Equal(500, exp.SampleNanoseconds(new ScriptedChoices(0), "p"));
        Assert.Equal(900, exp.SampleNanoseconds(new ScriptedChoices((1UL << 53) - 1), "p")); // -ln(2^-53) * 100 = 3673, capped
    }

    [Fact]
    public void Pareto_QuarterTailDraw_WithShapeTwo_DoublesTheScale()
    {
        var pareto = new ParetoLatency(scaleNanoseconds: 10_000, shape: 2.0, capNanoseconds: 1_000_000);
        ulong threeQuarters = 3UL << 51; // u = 0.75, so (1 - u)^(1/2) = 0.5

        Assert.Equal(20_000, pareto.SampleNanoseconds(new ScriptedChoices(threeQuarters), "p"));
        Assert.Equal(10_000, pareto.SampleNanoseconds(new ScriptedChoices(0), "p"));
        Assert.Equal(1_000_000, pareto.SampleNanoseconds(new ScriptedChoices((1UL << 53) - 1), "p"));
    }

    [Fact]
    public void Mixture_TakesTailOnlyWhenDrawFallsBelowItsProbability()
    {
        var mix = new MixtureLatency(new FixedLatency(100), new FixedLatency(50_000), tailPartsPerBillion: 10_000_000);
        var choices = new ScriptedChoices(9_999_999, 10_000_000);

        Assert.Equal(50_000, mix.SampleNanoseconds(choices, "lat0:latency:read"));
        Assert.Equal(100, mix.SampleNanoseconds(choices, "lat0:latency:read"));
        Assert.Equal("lat0:latency:read:tail", choices.Asked[0].Purpose);
    }

    [Fact]
    public void Distributions_RejectBadParameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedLatency(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformLatency(10, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLatency(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParetoLatency(100, double.NaN, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParetoLatency(100, 1.5, 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixtureLatency(new FixedLatency(1), new FixedLatency(2), 1_000_000_001));
    }
}
