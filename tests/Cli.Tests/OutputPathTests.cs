using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// Issue 13 part 5: every output path of every command is checked before any work, and a path that cannot be used, or
/// an I/O error while writing, is one stderr line with exit 2. Placeholders: S scenario, R result, T trace, C sweep
/// template, W a swept shard's directory, OUT the output under test.
/// </summary>
public sealed class OutputPathTests
{
    public static TheoryData<string[]> FileOutputs => new()
    {
        new[] { "run", "S", "--out", "OUT" },
        new[] { "run", "S", "--trace", "OUT" },
        new[] { "record", "S", "--trace", "OUT" },
        new[] { "replay", "T", "--out", "OUT" },
        new[] { "timeline", "R", "--out", "OUT" },
        new[] { "generate", "--workload", "mirror", "--seed", "1", "--out", "OUT" },
        new[] { "export-log-writes", "T", "OUT", "--device", "leg0" },
    };

    public static TheoryData<string[]> DirectoryOutputs => new()
    {
        new[] { "sweep", "C", "--seeds", "1..3", "--out", "OUT" },
        new[] { "sweep-merge", "W", "--out", "OUT" },
    };

    [Theory]
    [MemberData(nameof(FileOutputs))]
    public void FileOutput_InAMissingDirectory_IsRefusedBeforeAnyWork(string[] command)
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        string target = dir.File("missing/out.file");

        AssertRefusedBeforeWork(fixtures, dir, command, target, "does not exist");
        Assert.False(Directory.Exists(dir.File("missing")), "the missing directory was created");
    }

    [Theory]
    [MemberData(nameof(FileOutputs))]
    public void FileOutput_ThatIsADirectory_IsRefusedBeforeAnyWork(string[] command)
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        string target = dir.File("a-directory");
        Directory.CreateDirectory(target);

        AssertRefusedBeforeWork(fixtures, dir, command, target, "is a directory");
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Theory]
    [MemberData(nameof(DirectoryOutputs))]
    public void DirectoryOutput_ThatIsAnExistingFile_IsRefusedBeforeAnyWork(string[] command)
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        string target = dir.Write("a-file", "keep me");

        AssertRefusedBeforeWork(fixtures, dir, command, target, "is an existing file");
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [Theory]
    [MemberData(nameof(DirectoryOutputs))]
    public void DirectoryOutput_UnderAFile_IsRefusedBeforeAnyWork(string[] command)
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();
        dir.Write("a-file", "keep me");

        AssertRefusedBeforeWork(fixtures, dir, command, dir.File("a-file/results"), "cannot be created");
    }

    [Theory]
    [MemberData(nameof(DirectoryOutputs))]
    public void DirectoryOutput_OfStandardOutput_IsRefused(string[] command)
    {
        using var fixtures = new CliFixtures();
        using var dir = new TempDir();

        AssertRefusedBeforeWork(fixtures, dir, command, "-", "standard output ('-') cannot be one");
    }

    [Fact]
    public void AFullDisk_WhileWritingAResult_IsOneLineAndExitTwo()
    {
        // /dev/full: every write fails with ENOSPC (Linux, where the suite runs).
        using var fixtures = new CliFixtures();

        (int exit, _, string stderr) = Tool.Run("run", fixtures.Scenario, "--out", "/dev/full");

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(stderr), $"not one line: [{stderr}]");
        Assert.StartsWith("error: /dev/full: cannot write: No space left on device", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailingSeedsFileThatCannotBeWritten_StopsTheSweep_OneLineAndExitTwo()
    {
        using var dir = new TempDir();
        string template = dir.Write("coin.json", SweepTemplates.Coin);
        string outDir = dir.File("out");
        Tool.Run("sweep", template, "--seeds", "1..20", "--quiet", "--out", outDir);
        string firstFailing = Directory.GetFiles(outDir, "seed-*.trace.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!;
        Directory.Delete(outDir, recursive: true);
        Directory.CreateDirectory(Path.Combine(outDir, firstFailing)); // a directory where the trace must go

        (int exit, _, string stderr) = Tool.Run("sweep", template, "--seeds", "1..20", "--jobs", "2", "--out", outDir);

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(stderr), $"not one line: [{stderr}]");
        Assert.Contains($"{firstFailing}: cannot write", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
    }

    private static void AssertRefusedBeforeWork(CliFixtures fixtures, TempDir dir, string[] command, string target, string problem)
    {
        string[] before = Listing(dir);
        string[] args = [.. fixtures.Args(command).Select(a => a == "OUT" ? target : a)];

        (int exit, string stdout, string stderr) = Tool.Run(args);

        Assert.True(exit == 2, $"exit {exit}: {stdout}{stderr}");
        Assert.True(Tool.IsOneLine(stderr), $"not one line: [{stderr}]");
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout); // nothing ran: no table, no seed line, no report
        Assert.Equal(before, Listing(dir));
    }

    private static string[] Listing(TempDir dir) =>
        [.. Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
