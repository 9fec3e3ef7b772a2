using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;

namespace DmIo.Benchmarks;

/// <summary>
/// Issue 13: how a sweep seed's cost grows with the work a scenario does and with the size of its disks. The
/// demo-mirror requests run <c>Repeats</c> times (each repeat a mirror write, a wait and three reads: 4 requests and 5
/// steps) on disks of <c>DiskMiB</c>; each row is one seed for its verdict only, as a sweep first runs it, against the
/// same requests issued straight to the engine on disks built once.
/// </summary>
public class SweepSeedScalingBenchmarks
{
    private Scenario _scenario = null!;
    private DemoMirrorEngine _engine = null!;
    private RunOptions _verdict = null!;

    /// <summary>How many times the write, wait and reads run.</summary>
    [Params(1, 4, 16)]
    public int Repeats { get; set; }

    /// <summary>Each disk's size in MiB.</summary>
    [Params(1, 64, 1024)]
    public int DiskMiB { get; set; }

    /// <summary>Loads the scenario and builds the baseline.</summary>
    [GlobalSetup]
    public void Setup()
    {
        long sectors = (long)DiskMiB << 11;
        _scenario = DemoMirror.Load(sectors, Repeats);
        _engine = new DemoMirrorEngine(sectors, _scenario.Seed);
        _verdict = new RunOptions { RecordTrace = false, RecordDigests = false };
        if (ScenarioRun.Run(_scenario) is { Passed: false } result)
        {
            throw new InvalidOperationException("The scenario fails: " + string.Join("; ", result.Failures));
        }
    }

    /// <summary>Baseline: the requests on devices built once.</summary>
    /// <returns>The return codes (0).</returns>
    [Benchmark(Baseline = true)]
    public int EngineRequests() => _engine.Run(Repeats);

    /// <summary>One seed for its verdict only.</summary>
    /// <returns>Whether it passed.</returns>
    [Benchmark]
    public bool ScenarioRunVerdict() => ScenarioRun.Run(_scenario, _verdict).Passed;
}
