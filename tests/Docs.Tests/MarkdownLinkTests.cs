using DmIo.Docs.Tests.Support;

namespace DmIo.Docs.Tests;

/// <summary>Issue 14: no Markdown file links outside the repository or to a file that does not exist.</summary>
public sealed class MarkdownLinkTests
{
    public static TheoryData<string> MarkdownFiles() => [.. Repo.MarkdownFiles()];

    [Fact]
    public void TheRepositoryHasTheMarkdownFilesThisTestIsAbout()
    {
        // Guards the scan itself: a broken file walk would otherwise make the theory below pass on nothing.
        Assert.Contains("README.md", Repo.MarkdownFiles());
        Assert.Contains(Path.Combine("docs", "DESIGN.md"), Repo.MarkdownFiles());
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void EveryLinkStaysInTheRepositoryAndReachesAFile(string relativePath)
    {
        string file = Repo.Path(relativePath);
        string folder = Path.GetDirectoryName(file)!;
        var problems = new List<string>();
        foreach ((string target, int line) in Markdown.LinkTargets(File.ReadAllText(file)))
        {
            if (target.StartsWith("https://", StringComparison.Ordinal) || target.StartsWith("http://", StringComparison.Ordinal) ||
                target.StartsWith("mailto:", StringComparison.Ordinal) || target.StartsWith('#'))
            {
                continue; // the web, or a heading of the same file
            }

            string pathPart = Uri.UnescapeDataString(target.Split('#', 2)[0]);
            if (Path.IsPathRooted(pathPart) || pathPart.Contains("://", StringComparison.Ordinal))
            {
                problems.Add($"{relativePath}:{line}: '{target}' is an absolute path; link inside the repository with a relative path");
                continue;
            }

            string resolved = Path.GetFullPath(Path.Combine(folder, pathPart));
            if (!resolved.StartsWith(Repo.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != Repo.Root)
            {
                problems.Add($"{relativePath}:{line}: '{target}' leads outside the repository (to {resolved})");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                problems.Add($"{relativePath}:{line}: '{target}' names a file that does not exist");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
