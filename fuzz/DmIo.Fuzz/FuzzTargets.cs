namespace DmIo.Fuzz;

/// <summary>The fuzz targets by name.</summary>
public static class FuzzTargets
{
    /// <summary>Every target, in the order CI runs them.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } = [new ScenarioTarget(), new TableTarget(), new MessageTarget(), new ServeTarget()];

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <param name="name">A target name: scenario, table, messages or serve.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static IFuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ??
        throw new ArgumentException($"no fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}", nameof(name));
}
