namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// A device-mapper table line could not be understood. The message quotes the line and names the bad field;
/// when this is thrown, nothing has been created.
/// </summary>
public sealed class TableSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="lineNumber">1-based line number inside the table.</param>
    /// <param name="line">The offending line, verbatim.</param>
    /// <param name="field">The name of the bad field (for example <c>chunk_size</c>).</param>
    /// <param name="problem">What is wrong with it.</param>
    public TableSyntaxException(int lineNumber, string line, string field, string problem)
        : base($"table line {lineNumber}: field '{field}': {problem} in \"{line}\"")
    {
        LineNumber = lineNumber;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>1-based line number inside the table.</summary>
    public int LineNumber { get; }

    /// <summary>The offending line, verbatim.</summary>
    public string Line { get; }

    /// <summary>The name of the bad field.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Problem { get; }
}
