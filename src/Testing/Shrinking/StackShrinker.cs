using DmIo.FaultInjection;

namespace DmIo.Testing;

/// <summary>
/// Shrinks a <see cref="StackNode"/>. At the top a stack may become any device beneath it (its capacity changes);
/// anywhere in it a device may be simplified without changing its capacity, so every window above still fits: a
/// latency or rule wrapper removed, a flakey or dust device turned into a plain linear window, a bad block or rule
/// dropped, a backend made a plain memory device, queue limits set back toward the defaults.
/// </summary>
public static class StackShrinker
{
    /// <summary>Simpler stacks: first the devices beneath the top, then capacity-preserving simplifications.</summary>
    /// <param name="node">The stack to shrink.</param>
    /// <returns>The candidates; each builds.</returns>
    public static IEnumerable<StackNode> Shrink(StackNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (StackNode child in Children(node))
        {
            yield return child;
        }

        foreach (StackNode simpler in Simplify(node))
        {
            yield return simpler;
        }
    }

    /// <summary>Simpler stacks of exactly the same capacity, so they can replace <paramref name="node"/> under any window.</summary>
    /// <param name="node">The stack to simplify.</param>
    /// <returns>The candidates.</returns>
    public static IEnumerable<StackNode> Simplify(StackNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case LatencyNode latency:
                yield return latency.Lower;
                foreach (StackNode lower in Simplify(latency.Lower))
                {
                    yield return latency with { Lower = lower };
                }

                break;
            case RuleNode rules:
                yield return rules.Lower;
                for (int i = 0; i < rules.Rules.Count && rules.Rules.Count > 1; i++)
                {
                    yield return rules with { Rules = [.. rules.Rules.Where((_, k) => k != i)] };
                }

                foreach (StackNode lower in Simplify(rules.Lower))
                {
                    yield return rules with { Lower = lower };
                }

                break;
            case FlakeyNode flakey:
                yield return new LinearNode(flakey.Name, flakey.Lower, flakey.Offset, flakey.Length);
                foreach (StackNode lower in Simplify(flakey.Lower))
                {
                    yield return flakey with { Lower = lower };
                }

                break;
            case DustNode dust:
                yield return new LinearNode(dust.Name, dust.Lower, dust.Offset, dust.Length);
                for (int i = 0; i < dust.BadBlocks.Count; i++)
                {
                    yield return dust with { BadBlocks = [.. dust.BadBlocks.Where((_, k) => k != i)] };
                }

                foreach (StackNode lower in Simplify(dust.Lower))
                {
                    yield return dust with { Lower = lower };
                }

                break;
            case LinearNode linear:
                if (linear.Offset == 0 && linear.Length == linear.Lower.Capacity)
                {
                    yield return linear.Lower; // an identity window adds nothing
                }

                foreach (StackNode lower in Simplify(linear.Lower))
                {
                    yield return linear with { Lower = lower };
                }

                break;
            case StripedNode striped:
                for (int i = 0; i < striped.Legs.Count; i++)
                {
                    int leg = i;
                    foreach (StackNode lower in Simplify(striped.Legs[leg].Node))
                    {
                        yield return striped with { Legs = [.. striped.Legs.Select((l, k) => k == leg ? (lower, l.Offset) : l)] };
                    }
                }

                break;
            case LeafNode leaf:
                if (leaf.Kind != LeafKind.Memory)
                {
                    yield return leaf with { Kind = LeafKind.Memory };
                }

                foreach (QueueLimits limits in LimitsShrinker.Shrink(leaf.Limits))
                {
                    yield return leaf with { Limits = limits };
                }

                break;
        }
    }

    private static IEnumerable<StackNode> Children(StackNode node) => node switch
    {
        LatencyNode n => [n.Lower],
        RuleNode n => [n.Lower],
        FlakeyNode n => [n.Lower],
        DustNode n => [n.Lower],
        LinearNode n => [n.Lower],
        StripedNode n => n.Legs.Select(l => l.Node),
        _ => [],
    };
}
