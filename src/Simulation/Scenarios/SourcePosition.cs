namespace DmIo.Simulation.Scenarios;

/// <summary>Where something was written in a scenario file, so errors found while building devices can still point at it.</summary>
/// <param name="JsonPath">The JSON path.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourcePosition(string JsonPath, int Line, int Column)
{
    /// <summary>Builds the error for a problem found at this position.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The exception that found it.</param>
    /// <returns>The exception to throw.</returns>
    public ScenarioFormatException Error(string problem, Exception? inner = null) => new(JsonPath, Line, Column, problem, inner);
}
