namespace DmIo.Fuzz;

/// <summary>
/// An input broke one of a target's invariants. It escapes the target on purpose: afl-fuzz records the input as a
/// crash, and the regression replay fails naming the file and <see cref="Invariant"/>.
/// </summary>
public sealed class InvariantViolation : Exception
{
    /// <summary>Creates a violation.</summary>
    /// <param name="invariant">The invariant's short name, as listed in fuzz/README.md.</param>
    /// <param name="detail">What happened.</param>
    /// <param name="inner">The exception that broke it, if any.</param>
    public InvariantViolation(string invariant, string detail, Exception? inner = null)
        : base($"invariant '{invariant}' violated: {detail}", inner)
    {
        Invariant = invariant;
    }

    /// <summary>The invariant's short name.</summary>
    public string Invariant { get; }

    /// <summary>
    /// Wraps an exception the API does not document: names its type, message and the product frame that threw it
    /// (file:line when the pdb is there), so a finding can be filed without a debugger.
    /// </summary>
    /// <param name="invariant">The invariant: which API's contract was broken.</param>
    /// <param name="e">The exception.</param>
    /// <returns>The violation to throw.</returns>
    public static InvariantViolation Undocumented(string invariant, Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new InvariantViolation(invariant, $"{e.GetType().Name}: {FirstLine(e.Message)} at {ThrownAt(e)}", e);
    }

    /// <summary>The innermost stack frame of <paramref name="e"/>, with file and line where known.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>For example <c>DmIo.Simulation.Running.DataBytes.Of (src/Simulation/Running/DataBytes.cs:31)</c>.</returns>
    public static string ThrownAt(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var trace = new System.Diagnostics.StackTrace(e, fNeedFileInfo: true);
        foreach (System.Diagnostics.StackFrame frame in trace.GetFrames())
        {
            if (frame.GetMethod() is not { DeclaringType: { } type } method || type.Namespace?.StartsWith("DmIo", StringComparison.Ordinal) != true)
            {
                continue; // the runtime's frames (new byte[], checked arithmetic) say less than the caller's
            }

            string where = frame.GetFileName() is { } file ? $" ({Relative(file)}:{frame.GetFileLineNumber()})" : string.Empty;
            return $"{type.FullName}.{method.Name}{where}";
        }

        return "an unknown frame";
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string Relative(string file)
    {
        int src = file.Replace('\\', '/').LastIndexOf("/src/", StringComparison.Ordinal);
        return src < 0 ? file : file[(src + 1)..].Replace('\\', '/');
    }
}
