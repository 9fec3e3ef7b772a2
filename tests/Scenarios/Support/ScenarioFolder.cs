namespace DmIo.Scenarios.Support;

/// <summary>Finds tests/Scenarios/scenarios in the source tree (results are approved next to the scenario files).</summary>
internal static class ScenarioFolder
{
    public static string Path { get; } = Find();

    public static IEnumerable<string> ScenarioFiles() =>
        Directory.EnumerateFiles(Path, "*.json")
            .Where(f => !f.EndsWith(".verified.json", StringComparison.Ordinal) && !f.EndsWith(".received.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "tests", "Scenarios", "scenarios");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/Scenarios/scenarios not found above {AppContext.BaseDirectory}.");
    }
}
