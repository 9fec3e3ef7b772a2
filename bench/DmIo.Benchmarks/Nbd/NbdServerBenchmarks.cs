using BenchmarkDotNet.Attributes;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// <c>dmio-sim nbd</c> serving a 256 MiB memory device against the anchor, <c>nbdkit memory 256M</c>, each on its own
/// Unix socket, with real clients: nbdcopy of a 256 MiB random image in (file to export) and out (export to
/// <c>null:</c>), and fio's nbd engine doing 64 MiB of random 4 KiB reads and writes at queue depth 32. One
/// invocation is one client process run to completion (wall clock); nbdkit is each category's baseline. Needs nbdkit,
/// nbdcopy and fio on PATH and dmio-sim built (<see cref="DmioSimServer"/>). Target: ours at least as fast as nbdkit
/// for nbdcopy in and out.
/// </summary>
[Config(typeof(NbdBenchConfig))]
public class NbdServerBenchmarks
{
    private NbdServerPair _servers = null!;

    /// <summary>Starts both servers and fills both exports.</summary>
    [GlobalSetup]
    public void Setup() => _servers = new NbdServerPair(BenchScenarios.Memory);

    /// <summary>Stops both servers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _servers.Dispose();

    /// <summary>Baseline: nbdcopy the image into nbdkit memory.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("nbdcopy in")]
    public void NbdkitCopyIn() => ClientProcess.Run("nbdcopy", NbdClients.CopyIn(_servers.ImagePath, _servers.NbdkitUri));

    /// <summary>nbdcopy the image into dmio-sim.</summary>
    [Benchmark, BenchmarkCategory("nbdcopy in")]
    public void DmioSimCopyIn() => ClientProcess.Run("nbdcopy", NbdClients.CopyIn(_servers.ImagePath, _servers.DmioSimUri));

    /// <summary>Baseline: nbdcopy nbdkit memory to <c>null:</c>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("nbdcopy out")]
    public void NbdkitCopyOut() => ClientProcess.Run("nbdcopy", NbdClients.CopyOut(_servers.NbdkitUri));

    /// <summary>nbdcopy dmio-sim to <c>null:</c>.</summary>
    [Benchmark, BenchmarkCategory("nbdcopy out")]
    public void DmioSimCopyOut() => ClientProcess.Run("nbdcopy", NbdClients.CopyOut(_servers.DmioSimUri));

    /// <summary>Baseline: fio random 4 KiB reads on nbdkit memory.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fio randread 4k")]
    public void NbdkitRandRead() => ClientProcess.Run("fio", NbdClients.Fio(_servers.NbdkitUri, "randread"));

    /// <summary>fio random 4 KiB reads on dmio-sim.</summary>
    [Benchmark, BenchmarkCategory("fio randread 4k")]
    public void DmioSimRandRead() => ClientProcess.Run("fio", NbdClients.Fio(_servers.DmioSimUri, "randread"));

    /// <summary>Baseline: fio random 4 KiB writes on nbdkit memory.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fio randwrite 4k")]
    public void NbdkitRandWrite() => ClientProcess.Run("fio", NbdClients.Fio(_servers.NbdkitUri, "randwrite"));

    /// <summary>fio random 4 KiB writes on dmio-sim.</summary>
    [Benchmark, BenchmarkCategory("fio randwrite 4k")]
    public void DmioSimRandWrite() => ClientProcess.Run("fio", NbdClients.Fio(_servers.DmioSimUri, "randwrite"));
}
