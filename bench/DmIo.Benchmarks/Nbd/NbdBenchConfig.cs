using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// The job of the NBD server benchmarks: every invocation runs one client process (nbdcopy or fio) against a server
/// process to completion, so the clock is the wall clock (the work happens in three processes, not on the benchmark
/// thread), there is one invocation per iteration and no pilot or overhead stage (<see cref="RunStrategy.Monitoring"/>),
/// one warm-up and five measured iterations. Rows are grouped by category so that each ratio is against the nbdkit row
/// of its own workload. In-process, like the rest of the suite (the servers are separate processes anyway).
/// The job is a mutator: the suite's own job (<see cref="Support.BenchConfig"/>, thread CPU time, 15 iterations) is
/// the default every class starts from, and a class's plain job would be merged with it; a mutator's settings win.
/// </summary>
public sealed class NbdBenchConfig : ManualConfig
{
    /// <summary>Builds the configuration.</summary>
    public NbdBenchConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithClock(Chronometer.BestClock)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("NbdProcess")
            .AsMutator());
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
    }
}
