using System.Globalization;
using DmIo.Simulation;
using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Commands;

/// <summary>
/// The printed summary of a sweep or of a merge: the counts, why it stopped early if it did, and each failure group
/// with its first seeds and the command that replays the smallest. It is built from the <see cref="SweepSummary"/>
/// alone, so a merge of shards prints the same lines as one sweep of the whole range.
/// </summary>
internal static class SweepReport
{
    /// <summary>Writes the report.</summary>
    /// <param name="context">Where it goes.</param>
    /// <param name="summary">What to report.</param>
    /// <param name="directoryOf">The directory holding a failing seed's files.</param>
    /// <param name="summaryPath">Where the summary was written, or null.</param>
    public static void Write(CliContext context, SweepSummary summary, Func<ulong, string> directoryOf, string? summaryPath)
    {
        TextWriter o = context.Output;
        o.WriteLine($"{summary.TemplateName}: seeds {summary.Seeds}, shard {summary.Shard}: {summary.SeedsRun} seed(s) run, {summary.Passed} passed, {summary.Failed} failed.");
        if (!summary.Complete)
        {
            string why = summary.Stopped == SweepSummary.Interrupted
                ? "interrupted"
                : $"stopped at failure {summary.MaxFailures} in seed order (--max-failures)";
            o.WriteLine($"incomplete: {why}; {summary.SeedsInShard - summary.SeedsRun} of {summary.SeedsInShard} seed(s) did not run or are not reported.");
        }

        if (summary.Groups.Count > 0)
        {
            o.WriteLine($"{summary.Groups.Count} failure group(s), largest first:");
        }

        // A seed that failed under non-default caps replays the same only under the same caps.
        string caps = string.Concat(summary.Limits.FlagsDifferingFrom(ResourceLimits.Default).Select(f => " " + f));
        foreach (FailureGroup group in summary.Groups)
        {
            string seeds = string.Join(", ", group.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine($"  {group.Count} x {group.Signature}");
            o.WriteLine($"    seeds: {seeds}{((ulong)group.Seeds.Count < group.Count ? ", ..." : string.Empty)}");
            o.WriteLine($"    replay: dmio-sim replay {Path.Combine(directoryOf(group.Seeds[0]), SeedFiles.Trace(group.Seeds[0]))}{caps}");
        }

        if (summaryPath is not null)
        {
            o.WriteLine($"summary: {summaryPath}");
        }
    }
}
