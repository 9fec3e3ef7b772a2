using DmIo.Nbd.Exports;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests.Fuzzing;

/// <summary>
/// Seeded random mutations of valid client streams; the server must keep serving, keep the export's contract and
/// change no byte a valid request did not write. See <see cref="FuzzSettings"/> for longer runs.
/// </summary>
public sealed class FuzzTests
{
    private static MemoryTestExport FuzzDisk(CompletionMode mode)
    {
        var disk = new MemoryTestExport("fuzz", 1 << 20, NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.Trim | NbdExportFeatures.WriteZeroes, new NbdBlockSizes(512, 4096, 65536))
        {
            Mode = mode,
        };
        disk.Fill(i => (byte)((i * 31) + 7));
        return disk;
    }

    [Fact]
    public async Task MutatedClients_OneAtATime_LeaveTheServerServingAndTheExportIntact()
    {
        var settings = FuzzSettings.FromEnvironment(defaultSeed: 20261202);
        var disk = FuzzDisk(CompletionMode.Inline);
        await using var server = TestServer.Start(new TestCatalog(disk));
        var runner = new NbdFuzzRunner(server, disk, (byte[])disk.Data.Clone());

        int ran = await runner.RunAsync(settings.Seed, settings.Connections, settings.Budget, probeEach: true);

        Assert.True(ran >= Math.Min(settings.Connections, 50), $"only {ran} fuzz connections ran within {settings.Budget.TotalSeconds} s");
        Assert.True(disk.SubmitCount > ran, $"the export saw only {disk.SubmitCount} requests in {ran} connections: the streams are too broken to reach it");
    }

    [Fact]
    public async Task MutatedClients_FourAtATime_OnAUnixSocket_WithCompletionsOnOtherThreads()
    {
        var settings = FuzzSettings.FromEnvironment(defaultSeed: 4242);
        var disk = FuzzDisk(CompletionMode.ThreadPool);
        await using var server = TestServer.Start(new TestCatalog(disk), unixSocket: true);
        var runner = new NbdFuzzRunner(server, disk, (byte[])disk.Data.Clone());

        var workers = Enumerable.Range(0, 4).Select(worker => runner.RunAsync(settings.Seed + worker, settings.Connections / 4, settings.Budget, probeEach: false)).ToArray();
        int[] ran = await Within.Await(Task.WhenAll(workers), "four fuzz workers", settings.Budget + TimeSpan.FromSeconds(20));
        await runner.ProbeAsync(new Random(settings.Seed), "the concurrent run");
        runner.CheckExport("the concurrent run");

        Assert.True(ran.Sum() >= Math.Min(settings.Connections, 40), $"only {ran.Sum()} fuzz connections ran");
        await Within.Until(() => server.Server.ConnectionCount == 0, "every fuzz connection ended");
    }
}
