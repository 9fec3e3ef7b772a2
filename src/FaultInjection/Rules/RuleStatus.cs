namespace DmIo.FaultInjection;

/// <summary>A rule of a <see cref="RuleFaultDevice"/> with its counters, as <c>list</c> reports it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Matched">Bios that matched its filters so far (the count <c>nth</c> and <c>every</c> look at).</param>
/// <param name="Fired">Bios its action was applied to so far.</param>
public sealed record RuleStatus(FaultRule Rule, long Matched, long Fired)
{
    /// <inheritdoc />
    public override string ToString() => $"{Rule} matched={Matched} fired={Fired}";
}
