namespace DmIo.Simulation.Scenarios;

/// <summary>
/// A scenario file is malformed: not JSON, a field of the wrong type or range, an unknown field, or a device
/// reference that cannot be resolved. Carries the JSON path and the line and column of the offending field, so a
/// user can jump to it. Thrown before anything runs.
/// </summary>
public sealed class ScenarioFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jsonPath">The JSON path of the offending field, for example <c>$.steps[2].regions[0].device</c>.</param>
    /// <param name="line">1-based line of the field in the file (0 when unknown).</param>
    /// <param name="column">1-based column of the field (0 when unknown).</param>
    /// <param name="problem">What is wrong, in a sentence.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public ScenarioFormatException(string jsonPath, int line, int column, string problem, Exception? innerException = null)
        : base($"{jsonPath} (line {line}, column {column}): {problem}", innerException)
    {
        JsonPath = jsonPath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The JSON path of the offending field.</summary>
    public string JsonPath { get; }

    /// <summary>1-based line of the offending field.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending field.</summary>
    public int Column { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Problem { get; }
}
