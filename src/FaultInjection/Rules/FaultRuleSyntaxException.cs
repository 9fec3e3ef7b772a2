namespace DmIo.FaultInjection;

/// <summary>
/// A rule message (<c>add ...</c>, <c>remove ...</c>) could not be understood or applied. The message quotes the
/// text and names the bad field; when this is thrown, the device's rules are unchanged.
/// </summary>
public sealed class FaultRuleSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="text">The message text, verbatim.</param>
    /// <param name="field">The bad field (for example <c>sectors</c> or <c>action</c>).</param>
    /// <param name="problem">What is wrong with it.</param>
    public FaultRuleSyntaxException(string text, string field, string problem)
        : base($"rule message: field '{field}': {problem} in \"{text}\"")
    {
        Text = text;
        Field = field;
        Problem = problem;
    }

    /// <summary>The message text, verbatim.</summary>
    public string Text { get; }

    /// <summary>The bad field.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
