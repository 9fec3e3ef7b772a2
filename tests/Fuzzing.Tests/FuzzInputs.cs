using DmIo.Fuzz;

namespace DmIo.Fuzzing.Tests;

/// <summary>The committed fuzz inputs: fuzz/corpus/&lt;target&gt; (seeds) and fuzz/regressions/&lt;target&gt; (crashes and known-bad inputs).</summary>
internal static class FuzzInputs
{
    public static string Root { get; } = FindRoot();

    /// <summary>(target, file relative to the repository) for every file under fuzz/<paramref name="folder"/>/&lt;target&gt;.</summary>
    public static TheoryData<string, string> Files(string folder)
    {
        var data = new TheoryData<string, string>();
        foreach (IFuzzTarget target in FuzzTargets.All)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "fuzz", folder, target.Name)).Order(StringComparer.Ordinal))
            {
                data.Add(target.Name, Path.GetRelativePath(Root, file));
            }
        }

        return data;
    }

    /// <summary>Runs <paramref name="file"/> through <paramref name="target"/>; fails naming the file and the broken invariant.</summary>
    public static FuzzOutcome Replay(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(Root, file));
        try
        {
            return FuzzTargets.Get(target).Run(input);
        }
        catch (InvariantViolation e)
        {
            Assert.Fail($"{file} ({target}): {e.Message}");
            throw; // not reached
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DmIo.Sim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("DmIo.Sim.sln not found above " + AppContext.BaseDirectory);
    }
}
