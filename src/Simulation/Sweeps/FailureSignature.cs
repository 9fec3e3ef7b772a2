using System.Text.RegularExpressions;

namespace DmIo.Simulation.Sweeps;

/// <summary>
/// The signature a sweep groups failing seeds by: the seed's first failure (the earliest step's first unmet
/// expectation, or <c>stopped: ...</c> when the run stopped before any expectation failed) with the numbers that vary
/// from seed to seed replaced by <c>#</c>. The <c>step N (kind id): </c> prefix is kept as it is, and so is a value
/// check written <c>field: expected X, got Y</c> with one-word values (<c>rc</c>, <c>error_bits</c>,
/// <c>notify_calls</c>, ...): those values are the outcome the check is about. Anywhere else a number is a
/// <c>0x</c> hex number, a word of 8 or more hex digits (a digest), or a run of decimal digits with an optional minus
/// sign that stands alone (not part of a name such as <c>leg1</c>).
/// </summary>
public static partial class FailureSignature
{
    /// <summary>What replaces each number.</summary>
    public const string NumberMark = "#";

    /// <summary>Computes the signature of a failing seed.</summary>
    /// <param name="failures">The seed's failures, in step order (see <see cref="SeedOutcome.Failures"/>).</param>
    /// <returns>The signature.</returns>
    public static string Of(IReadOnlyList<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return failures.Count == 0 ? "(no failure text)" : Normalise(failures[0]);
    }

    /// <summary>Normalises one failure line.</summary>
    /// <param name="failure">A line such as <c>step 1 (io w): data: differs at byte 4097 of 8192</c>.</param>
    /// <returns>The line with its seed-dependent numbers replaced.</returns>
    public static string Normalise(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Match step = StepPrefix().Match(failure);
        string prefix = step.Success ? step.Value : string.Empty;
        string text = failure[prefix.Length..];
        return ValueCheck().IsMatch(text) ? failure : prefix + Number().Replace(text, m => m.Value.StartsWith("0x", StringComparison.Ordinal) ? "0x" + NumberMark : NumberMark);
    }

    [GeneratedRegex(@"^step \d+ \(.*?\): ")]
    private static partial Regex StepPrefix();

    [GeneratedRegex(@"^[a-z_]+: expected \S+, got \S+$")]
    private static partial Regex ValueCheck();

    [GeneratedRegex(@"0x[0-9a-fA-F]+|(?<![\w])[0-9a-fA-F]{8,}(?![\w])|(?<![\w])-?[0-9]+(?![\w])")]
    private static partial Regex Number();
}
