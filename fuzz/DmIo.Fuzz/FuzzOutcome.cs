namespace DmIo.Fuzz;

/// <summary>What one input did, for the replay test's report: how many units (lines, files, messages) were accepted and refused, or why it was skipped.</summary>
/// <param name="Accepted">Units the product accepted.</param>
/// <param name="Refused">Units the product refused in the documented way.</param>
/// <param name="Skipped">Why the harness did not run the input (over the resource budget), or null.</param>
public sealed record FuzzOutcome(int Accepted, int Refused, string? Skipped = null)
{
    /// <summary>An input the harness did not run.</summary>
    /// <param name="reason">Which budget it exceeded.</param>
    /// <returns>The outcome.</returns>
    public static FuzzOutcome Skip(string reason) => new(0, 0, reason);

    /// <inheritdoc />
    public override string ToString() => Skipped is { } reason ? $"skipped: {reason}" : $"{Accepted} accepted, {Refused} refused";
}
