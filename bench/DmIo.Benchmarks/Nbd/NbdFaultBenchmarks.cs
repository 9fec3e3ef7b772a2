using BenchmarkDotNet.Attributes;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// The fault variants of <see cref="NbdServerBenchmarks"/>, each comparison against its own pair of servers: a fixed
/// 1 ms per request (our <c>latency</c> target, <c>fixed:1ms</c>, against nbdkit's delay filter with
/// <c>delay-read=1ms delay-write=1ms</c> and 32 threads) under fio's random 4 KiB reads and writes at queue depth 32,
/// and 10% of reads failing with EIO (a <c>rules</c> target's <c>op=read prob=10% action=fail:ioerr</c> against
/// nbdkit's error filter with <c>error-pread-rate=10%</c>) under fio's random reads with
/// <c>--continue_on_error=read</c>, which counts a failed read as done. nbdkit is each category's baseline.
/// </summary>
[Config(typeof(NbdBenchConfig))]
public class NbdFaultBenchmarks
{
    private NbdServerPair _servers = null!;

    /// <summary>Which comparison: <c>latency</c> or <c>read-errors</c>.</summary>
    [Params("latency", "read-errors")]
    public string Fault { get; set; } = "latency";

    /// <summary>Starts both servers of the comparison and fills both exports.</summary>
    [GlobalSetup]
    public void Setup() => _servers = new NbdServerPair(Fault == "latency" ? BenchScenarios.Latency : BenchScenarios.ReadErrors);

    /// <summary>Stops both servers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _servers.Dispose();

    /// <summary>Baseline: fio random 4 KiB reads on nbdkit with the fault.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fio randread 4k")]
    public void NbdkitRandRead() => ClientProcess.Run("fio", NbdClients.Fio(_servers.NbdkitUri, "randread", continueOnReadError: true));

    /// <summary>fio random 4 KiB reads on dmio-sim with the fault.</summary>
    [Benchmark, BenchmarkCategory("fio randread 4k")]
    public void DmioSimRandRead() => ClientProcess.Run("fio", NbdClients.Fio(_servers.DmioSimUri, "randread", continueOnReadError: true));

    /// <summary>Baseline: fio random 4 KiB writes on nbdkit with the fault.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fio randwrite 4k")]
    public void NbdkitRandWrite() => ClientProcess.Run("fio", NbdClients.Fio(_servers.NbdkitUri, "randwrite"));

    /// <summary>fio random 4 KiB writes on dmio-sim with the fault.</summary>
    [Benchmark, BenchmarkCategory("fio randwrite 4k")]
    public void DmioSimRandWrite() => ClientProcess.Run("fio", NbdClients.Fio(_servers.DmioSimUri, "randwrite"));
}
