using DmIo.Clients.Kcopyd;
using DmIo.VirtualDevices;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// The example of docs/KCOPYD.md compiles and runs here, and the page quotes exactly the lines between the markers
/// below, so the example cannot drift from the API.
/// </summary>
public sealed class KcopydDocExampleTests
{
    private const string Start = "// example:start";
    private const string End = "// example:end";

    [Fact]
    public void Example_CopiesToTwoMirrorsAndReportsOnce()
    {
        // example:start
        var scheduler = new SimulatedScheduler(seed: 1);
        var source = new MemoryDevice("src", 4096);
        var mirror0 = new MemoryDevice("m0", 4096);
        var mirror1 = new MemoryDevice("m1", 4096);
        source.WriteDirect(0, Enumerable.Repeat((byte)0xA5, 4096 * 512).ToArray());

        using var kcopyd = KcopydClient.Create(scheduler, new KcopydThrottle(percentage: 100));
        string outcome = "pending";
        kcopyd.Copy(
            new IoRegion(source, 0, 4096),
            [new IoRegion(mirror0, 0, 4096), new IoRegion(mirror1, 0, 4096)],
            KcopydFlags.IgnoreError,
            (readError, writeErrors, context) => outcome = $"{context}: read error {readError}, write bits {writeErrors:b}",
            context: "resync");
        scheduler.RunUntilIdle(); // 4096 sectors: four 1024-sector sub-jobs, each a read then one write to both mirrors

        // outcome is now "resync: read error False, write bits 0"
        // example:end
        Assert.Equal("resync: read error False, write bits 0", outcome);
        byte[] copied = new byte[4096 * 512];
        mirror1.ReadDirect(0, copied);
        KcopydRig.AllBytes(copied, 0xA5, "mirror 1");
    }

    [Fact]
    public void DocsPage_QuotesTheExampleExactly()
    {
        string root = RepositoryRoot();
        string test = File.ReadAllText(Path.Combine(root, "tests", "Clients.Tests", "Kcopyd", "KcopydDocExampleTests.cs"));
        int from = test.IndexOf(Start + "\n", StringComparison.Ordinal) + Start.Length + 1;
        int to = test.LastIndexOf(End, StringComparison.Ordinal);
        string[] lines = test[from..to].TrimEnd(' ').Split('\n');
        string example = string.Join("\n", lines.Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        string page = File.ReadAllText(Path.Combine(root, "docs", "KCOPYD.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.Contains("```csharp\n" + example + "```\n", page, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
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
