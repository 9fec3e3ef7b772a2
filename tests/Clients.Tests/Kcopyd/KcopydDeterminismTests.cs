using DmIo.Clients.Kcopyd;
using DmIo.FaultInjection;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>With seeded random latencies under source and destination, a seed fixes every choice kcopyd's run depends on.</summary>
public sealed class KcopydDeterminismTests
{
    [Fact]
    public void Copy_SameSeed_SameOutcome()
    {
        string first = Run(seed: 42);
        string second = Run(seed: 42);

        Assert.Equal(first, second);
        Assert.NotEqual(first, Run(seed: 43)); // the seed really drives the latencies, so the check above means something
    }

    // The callback (time and bits) and the order in which the destination saw its writes.
    private static string Run(ulong seed)
    {
        var bench = new KcopydRig(seed);
        var choices = new RandomChoiceSource(bench.Scheduler.Random);
        var latency = LatencyProfile.All(new UniformLatency(0, 10_000_000));
        var sourceDisk = new RecordingDevice("srcdisk", 6000);
        bench.Scheduler.Random.NextBytes(sourceDisk.Data);
        var destinationDisk = new RecordingDevice("dstdisk", 6000);
        var source = new LatencyDevice("src", sourceDisk, bench.Scheduler, choices, latency);
        var destination = new LatencyDevice("dst", destinationDisk, bench.Scheduler, choices, latency);

        bench.Client.Copy(new IoRegion(source, 0, 6000), [new IoRegion(destination, 0, 6000)], KcopydFlags.None, bench.Notify);
        bench.RunToIdle();

        var callback = bench.SingleCallback();
        KcopydRig.SameBytes(sourceDisk.Data, destinationDisk.Data, "destination");
        return $"{callback.AtNanoseconds} {callback.ReadError} {callback.WriteErrors} " +
            string.Join(",", destinationDisk.Bios.Select(b => b.Sector));
    }
}
