namespace DmIo.Simulation.Scenarios;

/// <summary>One step of a scenario. Steps run in order on the simulated scheduler.</summary>
/// <param name="Index">0-based position in the file.</param>
/// <param name="Path">JSON path of the step, for errors and reports.</param>
public abstract record StepSpec(int Index, string Path)
{
    /// <summary>The step's kind as written in the file's <c>do</c> field.</summary>
    public abstract string Kind { get; }
}
