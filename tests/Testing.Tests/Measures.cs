using DmIo.FaultInjection;

namespace DmIo.Testing.Tests;

/// <summary>How complex a generated value is, counted here independently of the shrinkers: every shrink step must lower it.</summary>
internal static class Measures
{
    private static readonly QueueLimits Defaults = QueueLimits.Default;

    public static int Layout(MemoryLayout l) =>
        (l.Kind == DmIoMemoryKind.Vm ? 0 : 1) + l.PageOffsetSectors + (l.BvecSectors.Count - 1) + l.BvecSectors.Count(s => s != 8);

    public static int Limits(QueueLimits q) =>
        (q.MaxSectors != Defaults.MaxSectors ? 1 : 0) + (q.MaxSegments != Defaults.MaxSegments ? 1 : 0) +
        (q.MaxSegmentSize != Defaults.MaxSegmentSize ? 1 : 0) + (q.MaxDiscardSectors != Defaults.MaxDiscardSectors ? 1 : 0) +
        (q.MaxWriteZeroesSectors != Defaults.MaxWriteZeroesSectors ? 1 : 0);

    public static int Rule(FaultRule r) =>
        (r.Operations is null ? 0 : (r.Action.WritesOnly && r.Operations.SequenceEqual([BioOperation.Write]) ? 0 : 1)) +
        (r.RequiredFlags == BioFlags.None ? 0 : 1) + (r.FirstSector is null && r.LastSector is null ? 0 : 1) + (r.Nth is null ? 0 : 1) +
        (r.Every is null ? 0 : 1) + (r.ProbabilityPartsPerBillion == FaultRule.Billion ? 0 : 1) +
        (r.FromNanoseconds is null && r.UntilNanoseconds is null ? 0 : 1);

    // Devices count once, fault devices twice, plus each bad block, rule, non-memory backend and non-default limit.
    public static int Stack(StackNode n) => n switch
    {
        LeafNode l => 1 + (l.Kind == LeafKind.Memory ? 0 : 1) + Limits(l.Limits),
        LinearNode l => 1 + Stack(l.Lower),
        LatencyNode l => 1 + Stack(l.Lower),
        FlakeyNode f => 2 + Stack(f.Lower),
        DustNode d => 2 + d.BadBlocks.Count + Stack(d.Lower),
        RuleNode r => 2 + r.Rules.Count + Stack(r.Lower),
        StripedNode s => 1 + s.Legs.Sum(l => Stack(l.Node)),
        _ => throw new ArgumentException($"unknown node {n.GetType().Name}"),
    };

    public static long Request(StackRequest r) =>
        r.Regions.Count + r.Regions.Sum(x => x.Count) + r.Stacks.Count + r.Stacks.Sum(Stack) + (r.Operation == BioOperation.Write ? 0 : 1) +
        (r.Flags == BioFlags.None ? 0 : 1) + (r.Async ? 1 : 0) + Layout(r.Layout) + (r.Seed == 0 ? 0 : 1);
}
