namespace DmIo.Docs.Tests.Support;

/// <summary>Finds the source tree (README, docs, examples) from the test's output directory.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Every Markdown file of the repository, outside build output and git metadata, as paths relative to the root.</summary>
    public static IReadOnlyList<string> MarkdownFiles() =>
        [.. Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Root, f))
            .Where(f => !f.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "TestResults" or "node_modules" or "BenchmarkDotNet.Artifacts"))
            .Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DmIo.Sim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("DmIo.Sim.sln not found above " + AppContext.BaseDirectory);
    }
}
