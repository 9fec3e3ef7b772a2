namespace DmIo.Cli.Tests.Support;

/// <summary>Finds files of the source tree (examples, the built tool) from the test's output directory.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The tool's dll, runnable with <c>dotnet</c>: next to the tests when its runtimeconfig was copied, else the Cli build output.</summary>
    public static string ToolDll()
    {
        string local = System.IO.Path.Combine(AppContext.BaseDirectory, "dmio-sim.dll");
        if (File.Exists(local) && File.Exists(System.IO.Path.ChangeExtension(local, ".runtimeconfig.json")))
        {
            return local;
        }

        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
        string built = Path("src", "Cli", "bin", configuration, "net10.0", "dmio-sim.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("dmio-sim.dll not found; build src/Cli first.", built);
    }

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
