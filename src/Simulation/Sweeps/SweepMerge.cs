namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Combines the summaries of the shards of one sweep into the summary of the whole range. The result depends only on
/// what was found, never on how many shards found it: merging the n shards of a range gives the same bytes as one
/// sweep of the range with <c>--shard 1/1</c>, for any n (when every shard completed).
/// </summary>
public static class SweepMerge
{
    /// <summary>Merges shard summaries.</summary>
    /// <param name="shards">Each summary with where it came from (named in problems).</param>
    /// <returns>The merged summary, covering shard 1/1.</returns>
    /// <exception cref="FormatException">
    /// The summaries are not the shards of one sweep: different templates, ranges, <c>--max-failures</c> or shard
    /// counts, a shard given twice (overlapping), or a shard missing; the message says which.
    /// </exception>
    public static SweepSummary Merge(IReadOnlyList<(string Source, SweepSummary Summary)> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            throw new FormatException("no shard summaries to merge");
        }

        (string firstSource, SweepSummary first) = shards[0];
        foreach ((string source, SweepSummary s) in shards.Skip(1))
        {
            Require(s.TemplateName == first.TemplateName && s.TemplateSha256 == first.TemplateSha256,
                $"{source} swept template '{s.TemplateName}' (sha256 {s.TemplateSha256[..12]}...), but {firstSource} swept '{first.TemplateName}' (sha256 {first.TemplateSha256[..12]}...)");
            Require(s.Seeds == first.Seeds, $"{source} swept seeds {s.Seeds}, but {firstSource} swept {first.Seeds}");
            Require(s.Limits == first.Limits, $"{source} ran with {Caps(s.Limits, first.Limits)}, but {firstSource} with {Caps(first.Limits, s.Limits)}");
            Require(s.MaxFailures == first.MaxFailures, $"{source} ran with --max-failures {Describe(s.MaxFailures)}, but {firstSource} with {Describe(first.MaxFailures)}");
            Require(s.Shard.Count == first.Shard.Count, $"{source} is shard {s.Shard} but {firstSource} is shard {first.Shard}: the shards of one sweep share n");
        }

        var byIndex = new Dictionary<int, string>();
        foreach ((string source, SweepSummary s) in shards)
        {
            Require(byIndex.TryAdd(s.Shard.Index, source), $"{byIndex.GetValueOrDefault(s.Shard.Index)} and {source} are both shard {s.Shard} (overlapping shards)");
        }

        int count = first.Shard.Count;
        var missing = Enumerable.Range(1, count).Where(k => !byIndex.ContainsKey(k)).Select(k => $"{k}/{count}").ToList();
        Require(missing.Count == 0, $"missing shard{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing)} of seeds {first.Seeds} (have {byIndex.Count} of {count})");

        var summaries = shards.Select(s => s.Summary).ToList();
        return new SweepSummary
        {
            TemplateName = first.TemplateName,
            TemplateSha256 = first.TemplateSha256,
            Seeds = first.Seeds,
            Shard = Shard.All,
            MaxFailures = first.MaxFailures,
            Limits = first.Limits,
            SeedsRun = Sum(summaries, s => s.SeedsRun),
            Passed = Sum(summaries, s => s.Passed),
            Stopped = summaries.Any(s => s.Stopped == SweepSummary.Interrupted) ? SweepSummary.Interrupted
                : summaries.Any(s => s.Stopped is not null) ? SweepSummary.MaxFailuresReached : null,
            Groups = FailureGroup.InReportOrder(summaries
                .SelectMany(s => s.Groups)
                .GroupBy(g => g.Signature, StringComparer.Ordinal)
                .Select(g => new FailureGroup(g.Key, Sum(g, x => x.Count), [.. g.SelectMany(x => x.Seeds).Order().Take(SweepSummary.SeedsPerGroup)]))),
        };
    }

    private static ulong Sum<T>(IEnumerable<T> items, Func<T, ulong> value) => items.Aggregate(0UL, (sum, item) => checked(sum + value(item)));

    private static string Caps(ResourceLimits mine, ResourceLimits theirs) => string.Join(' ', mine.FlagsDifferingFrom(theirs));

    private static string Describe(int? maxFailures) => maxFailures?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";

    private static void Require(bool holds, string problem)
    {
        if (!holds)
        {
            throw new FormatException(problem);
        }
    }
}
