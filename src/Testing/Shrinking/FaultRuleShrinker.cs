using DmIo.FaultInjection;

namespace DmIo.Testing;

/// <summary>Shrinks a <see cref="FaultRule"/> by dropping its conditions one at a time, toward a rule that hits every bio.</summary>
public static class FaultRuleShrinker
{
    /// <summary>The rule with one condition fewer (operations, flags, sector range, nth, every, probability, time window); none when it has none.</summary>
    /// <param name="rule">The rule to shrink.</param>
    /// <returns>The candidates; each still passes <see cref="FaultRule.Validate"/>.</returns>
    public static IEnumerable<FaultRule> Shrink(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Operations is not null && !rule.Action.WritesOnly)
        {
            yield return rule with { Operations = null };
        }
        else if (rule.Action.WritesOnly && rule.Operations is not null && !(rule.Operations.Count == 1 && rule.Operations[0] == BioOperation.Write))
        {
            yield return rule with { Operations = [BioOperation.Write] }; // a write-only action keeps matching writes only
        }

        if (rule.RequiredFlags != BioFlags.None)
        {
            yield return rule with { RequiredFlags = BioFlags.None };
        }

        if (rule.FirstSector is not null || rule.LastSector is not null)
        {
            yield return rule with { FirstSector = null, LastSector = null };
        }

        if (rule.Nth is not null)
        {
            yield return rule with { Nth = null };
        }

        if (rule.Every is not null)
        {
            yield return rule with { Every = null };
        }

        if (rule.ProbabilityPartsPerBillion != FaultRule.Billion)
        {
            yield return rule with { ProbabilityPartsPerBillion = FaultRule.Billion };
        }

        if (rule.FromNanoseconds is not null || rule.UntilNanoseconds is not null)
        {
            yield return rule with { FromNanoseconds = null, UntilNanoseconds = null };
        }
    }
}
