using DmIo.FaultInjection;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Testing;

/// <summary>
/// FsCheck arbitraries (generator plus shrinker) for DmIo.Sim inputs. Register the class on a property and FsCheck
/// generates its argument types: <c>[Property(Arbitrary = new[] { typeof(DmIoArbitraries) })]</c> on a method taking a
/// <see cref="StackRequest"/>, <see cref="StackNode"/>, <see cref="MemoryLayout"/>, <see cref="QueueLimits"/> or
/// <see cref="FaultRule"/>. Counterexamples shrink with <see cref="RequestShrinker"/>, <see cref="StackShrinker"/>,
/// <see cref="LayoutShrinker"/>, <see cref="LimitsShrinker"/> and <see cref="FaultRuleShrinker"/>.
/// </summary>
public static class DmIoArbitraries
{
    /// <summary>The capacity <see cref="FaultRules"/> draws sector ranges from.</summary>
    public const long FaultRuleCapacity = 2048;

    /// <summary>Requests over one to three stacks (<see cref="DmIoGen.Request"/>), shrinking with <see cref="RequestShrinker"/>.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<StackRequest> Requests() => Arb.From(DmIoGen.Request, RequestShrinker.Shrink);

    /// <summary>Stacks of up to three levels above their backends, fault devices included, shrinking with <see cref="StackShrinker"/>.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<StackNode> Stacks() =>
        Arb.From(Gen.Choose(0, 3).SelectMany(depth => DmIoGen.Stack("s0", depth)), StackShrinker.Shrink);

    /// <summary>Memory layouts of every kind (<see cref="DmIoGen.Layout"/>), shrinking with <see cref="LayoutShrinker"/>.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<MemoryLayout> Layouts() => Arb.From(DmIoGen.Layout, LayoutShrinker.Shrink);

    /// <summary>Queue limits (<see cref="DmIoGen.Limits"/>), shrinking with <see cref="LimitsShrinker"/>.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<QueueLimits> Limits() => Arb.From(DmIoGen.Limits, LimitsShrinker.Shrink);

    /// <summary>
    /// Fault rules (<see cref="DmIoGen.FaultRule"/> parsed by <see cref="FaultRuleSyntax.Parse"/>) whose sector
    /// ranges start inside a device of <see cref="FaultRuleCapacity"/> sectors, shrinking with <see cref="FaultRuleShrinker"/>.
    /// </summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<FaultRule> FaultRules() =>
        Arb.From(DmIoGen.FaultRule(FaultRuleCapacity).Select(FaultRuleSyntax.Parse), FaultRuleShrinker.Shrink);
}
