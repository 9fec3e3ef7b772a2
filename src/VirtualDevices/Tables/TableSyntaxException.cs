namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// A device-mapper table line could not be understood. The message quotes the line and names the bad field;
/// when this is thrown, nothing has been created. When a kernel target's constructor would have refused the line,
/// <see cref="KernelMessage"/> holds the kernel's own error text (its <c>ti-&gt;error</c>) verbatim.
/// </summary>
public sealed class TableSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="lineNumber">1-based line number inside the table.</param>
    /// <param name="line">The offending line, verbatim.</param>
    /// <param name="field">The name of the bad field (for example <c>chunk_size</c>).</param>
    /// <param name="problem">What is wrong with it.</param>
    public TableSyntaxException(int lineNumber, string line, string field, string problem)
        : this(lineNumber, line, field, problem, kernelMessage: null)
    {
    }

    /// <summary>Creates the exception for a line a kernel target refuses.</summary>
    /// <param name="lineNumber">1-based line number inside the table.</param>
    /// <param name="line">The offending line, verbatim.</param>
    /// <param name="field">The name of the bad field (for example <c>chunk_size</c>).</param>
    /// <param name="problem">What is wrong with it, which may add detail to the kernel's text.</param>
    /// <param name="kernelMessage">The kernel's error text for it, verbatim; null when the kernel has none.</param>
    public TableSyntaxException(int lineNumber, string line, string field, string problem, string? kernelMessage)
        : base($"table line {lineNumber}: field '{field}': {problem} in \"{line}\"")
    {
        LineNumber = lineNumber;
        Line = line;
        Field = field;
        Problem = problem;
        KernelMessage = kernelMessage;
    }

    /// <summary>1-based line number inside the table.</summary>
    public int LineNumber { get; }

    /// <summary>The offending line, verbatim.</summary>
    public string Line { get; }

    /// <summary>The name of the bad field.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Problem { get; }

    /// <summary>
    /// The Linux 6.12 error text for this refusal, exactly as the kernel words it (the constructor's <c>ti-&gt;error</c>,
    /// or the line it logs), for tests to compare verbatim; null when the refusal is this simulator's own check.
    /// </summary>
    public string? KernelMessage { get; }
}
