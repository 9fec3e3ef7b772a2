using System.Text;
using DmIo.FaultInjection;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>Group 6: the same seed gives the same trace bytes; replaying a trace gives the same results and trace.</summary>
public sealed class DeterminismProperties
{
    private static Gen<TracedCase> Cases { get; } =
        from stackCount in Gen.Choose(1, 2)
        from stacks in Gen.CollectToArray(Enumerable.Range(0, stackCount).Select(i => DmIoGen.Stack($"s{i}", 2)))
        from count in Gen.Choose(1, 20)
        from requests in Gen.ArrayOf(Request(stacks), count)
        from seed in Gen.Choose(0, int.MaxValue)
        select new TracedCase(stacks, requests, (ulong)seed);

    private static Gen<TracedRequest> Request(StackNode[] stacks) =>
        from stack in Gen.Choose(0, stacks.Length - 1)
        from operation in Gen.Elements(BioOperation.Read, BioOperation.Write)
        from startPart in Gen.Choose(0, 99)
        from count in Gen.Choose(1, 64)
        from async in Gen.Elements(false, true)
        let sector = stacks[stack].Capacity * startPart / 100
        select new TracedRequest(stack, operation, sector, Math.Min(count, stacks[stack].Capacity - sector), async);

    /// <summary>
    /// Catches: any hidden nondeterminism — an unseeded random source, wall-clock time, iteration over a hash set —
    /// anywhere in the engine or the devices; bio ids not deterministic per client.
    /// </summary>
    [DmIoProperty(100)]
    public Property SameSeed_GivesByteIdenticalTraces() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            TracedRunResult first = TracedRun.Run(c, c.Seed);
            TracedRunResult second = TracedRun.Run(c, c.Seed);
            TraceDivergenceException? divergence = TraceComparer.FirstDivergence(first.Lines, second.Lines);
            Expect.That(divergence is null, divergence?.Message ?? string.Empty);
            Expect.Bytes(first.Trace, second.Trace, "trace bytes of two runs with one seed");
            return Classified(first);
        });

    /// <summary>
    /// Catches: a fault device drawing a random choice outside its <see cref="IChoiceSource"/> (replay then gives
    /// other faults), or a choice label that changes between runs; the engine reacting differently to forced faults.
    /// </summary>
    [DmIoProperty(100)]
    public Property Replay_WithAnotherChoiceSeed_ReproducesResultsAndTrace() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            TracedRunResult original = TracedRun.Run(c, c.Seed);
            TraceLog log = TraceLog.Parse(Encoding.UTF8.GetString(original.Trace));
            TracedRunResult replayed = TracedRun.Run(c, c.Seed + 1_000_003, log);
            Expect.Equal(string.Join(',', original.Bits), string.Join(',', replayed.Bits), "error bits per request");
            for (int i = 0; i < original.Reads.Length; i++)
            {
                Expect.Bytes(original.Reads[i], replayed.Reads[i], $"bytes read by request {i} ({c.Requests[i]})");
            }

            Expect.Bytes(original.Trace, replayed.Trace, "trace bytes of the replay");
            return Classified(original);
        });

    private static Property Classified(TracedRunResult run) => true.ToProperty()
        .Classify(run.Faults.Any(f => f.FailedBio), "failed bios")
        .Classify(run.Faults.Any(f => !f.FailedBio), "silent faults (drop, delay, corrupt)")
        .Classify(run.Lines.Any(l => l.Contains("\"ev\":\"choice\"", StringComparison.Ordinal)), "random choices recorded")
        .Classify(run.Bits.Any(b => b != 0), "a request saw error bits");
}
