using System.Security.Cryptography;
using System.Text;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// Counts a sweep's outcomes as they arrive and groups its failures by signature. It keeps only counts and each
/// group's smallest seeds, so its memory depends on the number of distinct signatures, not on the range.
/// </summary>
public sealed class SweepTally
{
    private readonly Dictionary<string, Accumulator> _groups = new(StringComparer.Ordinal); // by signature
    private readonly string _templateName; // the scenario's name
    private readonly string _templateSha256; // of the template's UTF-8 bytes
    private readonly SeedRange _seeds; // the sweep's range
    private readonly Shard _shard; // the sweep's shard
    private readonly int? _maxFailures; // --max-failures, or null
    private readonly ResourceLimits _limits; // the caps the seeds ran under

    /// <summary>Starts an empty tally.</summary>
    /// <param name="templateName">The template scenario's name.</param>
    /// <param name="templateJson">The template's text, whose digest identifies the sweep.</param>
    /// <param name="seeds">The range.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="maxFailures">The <c>--max-failures</c> limit, or null.</param>
    /// <param name="limits">The resource caps the seeds run under.</param>
    public SweepTally(string templateName, string templateJson, SeedRange seeds, Shard shard, int? maxFailures, ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(templateName);
        ArgumentNullException.ThrowIfNull(templateJson);
        _templateName = templateName;
        _templateSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(templateJson)));
        _seeds = seeds;
        _shard = shard;
        _maxFailures = maxFailures;
        _limits = limits;
    }

    /// <summary>How many seeds were counted.</summary>
    public ulong SeedsRun { get; private set; }

    /// <summary>How many of them failed.</summary>
    public ulong Failed { get; private set; }

    /// <summary>True once <c>--max-failures</c> failures were counted.</summary>
    public bool MaxFailuresReached => _maxFailures is { } max && Failed >= (ulong)max;

    /// <summary>Counts one outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The failure's signature, or null when the seed passed.</returns>
    public string? Add(SeedOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        SeedsRun++;
        if (outcome.Passed)
        {
            return null;
        }

        Failed++;
        string signature = FailureSignature.Of(outcome.Failures);
        if (!_groups.TryGetValue(signature, out Accumulator? group))
        {
            _groups[signature] = group = new Accumulator();
        }

        group.Add(outcome.Seed);
        return signature;
    }

    /// <summary>The summary of what was counted. A sweep in which every seed of the shard ran is complete, however it ended.</summary>
    /// <param name="end">How the sweep ended.</param>
    /// <returns>The summary.</returns>
    public SweepSummary Summarise(SweepEnd end) => new()
    {
        TemplateName = _templateName,
        TemplateSha256 = _templateSha256,
        Seeds = _seeds,
        Shard = _shard,
        MaxFailures = _maxFailures,
        Limits = _limits,
        SeedsRun = SeedsRun,
        Passed = SeedsRun - Failed,
        Stopped = SeedsRun == _shard.SeedCount(_seeds) ? null : end switch
        {
            SweepEnd.Interrupted => SweepSummary.Interrupted,
            SweepEnd.StoppedByConsumer => SweepSummary.MaxFailuresReached,
            _ => throw new InvalidOperationException($"the sweep ended {end} after {SeedsRun} of {_shard.SeedCount(_seeds)} seeds"),
        },
        Groups = FailureGroup.InReportOrder(_groups.Select(g => new FailureGroup(g.Key, g.Value.Count, [.. g.Value.Smallest]))),
    };

    // One group while counting: its size and its smallest seeds.
    private sealed class Accumulator
    {
        public ulong Count { get; private set; }

        public SortedSet<ulong> Smallest { get; } = [];

        public void Add(ulong seed)
        {
            Count++;
            Smallest.Add(seed);
            if (Smallest.Count > SweepSummary.SeedsPerGroup)
            {
                Smallest.Remove(Smallest.Max);
            }
        }
    }
}
