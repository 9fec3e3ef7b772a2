namespace DmIo.Tests.Reliability;

/// <summary>What a mutation run found: how many inputs were tried, accepted and rejected, and every input that broke a rule.</summary>
/// <param name="Target">What was fuzzed.</param>
/// <param name="Tried">Inputs tried.</param>
/// <param name="Accepted">Inputs the parser accepted (a mutation can stay valid).</param>
/// <param name="Rejected">Inputs rejected with the documented error type.</param>
/// <param name="Failures">Inputs that threw anything else, broke a check, or took longer than the per-input limit.</param>
public sealed record FuzzReport(string Target, int Tried, int Accepted, int Rejected, IReadOnlyList<string> Failures)
{
    public override string ToString() => $"{Target}: {Tried} inputs, {Accepted} accepted, {Rejected} rejected with the documented error, {Failures.Count} failure(s)";
}
