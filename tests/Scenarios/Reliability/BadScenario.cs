namespace DmIo.Scenarios.Reliability;

/// <summary>One malformed scenario file and the error the loader (or the device build before any step) must give.</summary>
/// <param name="InputClass">The class of bad input (null, negative, overflow, out of range, ...).</param>
/// <param name="Input">What is wrong, in words.</param>
/// <param name="Json">The whole file.</param>
/// <param name="Path">The JSON path the error must name.</param>
/// <param name="Problem">Text the problem must contain.</param>
/// <param name="AtBuild">True when the loader accepts the file and building the devices rejects it (table target arguments).</param>
public sealed record BadScenario(string InputClass, string Input, string Json, string Path, string Problem, bool AtBuild = false)
{
    /// <inheritdoc />
    public override string ToString() => $"{InputClass}: {Input}";
}
