using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// The two ways the suite runs. Full: BenchmarkDotNet's default job (a separate process per benchmark, pilot
/// and warm-up chosen by BenchmarkDotNet). Quick: in-process (no per-benchmark build or process), two warm-up
/// and five 100 ms measured iterations — enough to see a ratio move after a change, in under three minutes.
/// Both add the memory diagnoser, so every row shows bytes allocated per operation.
/// </summary>
public static class BenchConfig
{
    /// <summary>Builds the configuration.</summary>
    /// <param name="quick">True for the short in-process job.</param>
    /// <returns>The configuration every benchmark class runs under.</returns>
    public static IConfig Create(bool quick)
    {
        Job job = quick
            ? Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(100))
                .WithId("Quick")
            : Job.Default.WithId("Full");

        return DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(CategoriesColumn.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithOptions(ConfigOptions.DisableLogFile);
    }
}
