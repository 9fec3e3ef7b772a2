using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// The two ways the suite runs, both in-process (no per-benchmark build or process) and timed with
/// <see cref="ThreadCpuClock"/> so that other processes competing for the two cores do not count.
/// Quick: one warm-up and five 50 ms measured iterations — enough to see a ratio move after a change, in about
/// two minutes (more when the machine is loaded: the iterations count CPU time, the wait for a core is extra).
/// Full: three warm-up and fifteen 250 ms iterations. Both add the memory diagnoser, so every row shows bytes
/// allocated per operation.
/// </summary>
public static class BenchConfig
{
    /// <summary>Builds the configuration.</summary>
    /// <param name="quick">True for the short in-process job.</param>
    /// <returns>The configuration every benchmark class runs under.</returns>
    public static IConfig Create(bool quick)
    {
        Job common = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithClock(ThreadCpuClock.Instance)
            .WithLaunchCount(1);
        Job job = quick
            ? common.WithWarmupCount(1).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(50)).WithId("Quick")
            : common.WithWarmupCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Full");

        return DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(CategoriesColumn.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithOptions(ConfigOptions.DisableLogFile);
    }
}
