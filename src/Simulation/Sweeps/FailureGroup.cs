namespace DmIo.Simulation.Sweeps;

/// <summary>The failing seeds of a sweep that share one <see cref="FailureSignature"/>.</summary>
/// <param name="Signature">The signature.</param>
/// <param name="Count">How many seeds failed with it.</param>
/// <param name="Seeds">The smallest of them (at most <see cref="SweepSummary.SeedsPerGroup"/>), in increasing order.</param>
public sealed record FailureGroup(string Signature, ulong Count, IReadOnlyList<ulong> Seeds)
{
    /// <summary>
    /// The report order: the largest group first; among equal counts, the group whose smallest seed is smaller; then by
    /// signature (ordinal). It depends on the groups alone, never on the order seeds finished in.
    /// </summary>
    /// <param name="groups">The groups.</param>
    /// <returns>The groups in report order.</returns>
    public static IReadOnlyList<FailureGroup> InReportOrder(IEnumerable<FailureGroup> groups) =>
        [.. groups.OrderByDescending(g => g.Count).ThenBy(g => g.Seeds[0]).ThenBy(g => g.Signature, StringComparer.Ordinal)];
}
