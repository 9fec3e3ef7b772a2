using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;
using DmIo.Simulation.Sweeps;

namespace DmIo.Benchmarks;

/// <summary>
/// Issue 13: what one seed of a sweep of examples/demo-mirror.json costs, against the dm-io work the scenario does.
/// Baseline: the scenario's four dm-io requests (an async 8 KiB mirror write to three legs, then a read of each leg,
/// the last into 1 KiB bio vectors) issued straight to the engine on devices built once — the same latency legs
/// (uniform 100-300 us on a simulated clock) and the same rule failing every write on the middle leg. The other rows
/// are a whole seed: a <see cref="ScenarioRun"/> of the loaded scenario for its verdict only (no trace, no digests:
/// what a sweep runs first), with digests, and with digests and trace (every seed before issue 13, and a failing seed
/// now); and <see cref="SweepRunner.Run"/> per seed, one job.
/// <c>Sectors</c> is every disk's size: 2,048 (1 MiB, as in the file) or 2,097,152 (1 GiB). Targets: at least
/// 10,000 seeds/s on one core, at most 10x the baseline, and 1 GiB disks at most 1.2x the 1 MiB cost.
/// </summary>
public class SweepSeedBenchmarks
{
    private const int SeedsPerInvoke = 50;

    private string _template = null!;
    private Scenario _scenario = null!;
    private DemoMirrorEngine _engine = null!;
    private RunOptions _verdict = null!;
    private RunOptions _untraced = null!;
    private RunOptions _traced = null!;

    /// <summary>Each disk's size in sectors.</summary>
    [Params(DemoMirror.FileSectors, 2L << 20)]
    public long Sectors { get; set; }

    /// <summary>Loads the scenario and builds the baseline's devices and buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _template = DemoMirror.Template(Sectors);
        _scenario = ScenarioLoader.Parse(_template);
        _engine = new DemoMirrorEngine(Sectors, _scenario.Seed);
        _verdict = new RunOptions { RecordTrace = false, RecordDigests = false };
        _untraced = new RunOptions { RecordTrace = false };
        _traced = new RunOptions();
        if (ScenarioRun.Run(_scenario) is { Passed: false } result)
        {
            throw new InvalidOperationException("The scenario fails: " + string.Join("; ", result.Failures));
        }
    }

    /// <summary>Baseline: the scenario's four dm-io requests on devices built once.</summary>
    /// <returns>The return codes (0).</returns>
    [Benchmark(Baseline = true)]
    public int EngineRequests() => _engine.Run(1);

    /// <summary>One seed for its verdict only (no trace, no digests), as a sweep first runs every seed.</summary>
    /// <returns>Whether it passed.</returns>
    [Benchmark]
    public bool ScenarioRunVerdict() => ScenarioRun.Run(_scenario, _verdict).Passed;

    /// <summary>One seed with its result's digests but no trace.</summary>
    /// <returns>Whether it passed.</returns>
    [Benchmark]
    public bool ScenarioRunUntraced() => ScenarioRun.Run(_scenario, _untraced).Passed;

    /// <summary>One seed with digests and trace, as a failing seed is run again (and as every seed was before issue 13).</summary>
    /// <returns>Whether it passed.</returns>
    [Benchmark]
    public bool ScenarioRunTraced() => ScenarioRun.Run(_scenario, _traced).Passed;

    /// <summary>Per seed of <see cref="SweepRunner.Run"/> over 50 seeds with one job (every one passes).</summary>
    /// <returns>How many seeds passed.</returns>
    [Benchmark(OperationsPerInvoke = SeedsPerInvoke)]
    public int Sweep()
    {
        // What each sweep worker does per seed, on this thread (the clock counts this thread's CPU time only).
        int passed = 0;
        for (ulong seed = 1; seed <= SeedsPerInvoke; seed++)
        {
            passed += SweepRunner.RunSeed(_template, _scenario, seed, ResourceLimits.Default).Passed ? 1 : 0;
        }

        return passed;
    }
}
