using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class RunCommandTests
{
    private const string Passing = """
        {
          "format": 1, "name": "small", "description": "one write", "seed": 3,
          "devices": [ { "name": "disk", "backend": "memory", "sectors": 64 } ],
          "steps": [ { "do": "io", "id": "w", "op": "write", "regions": [ { "device": "disk", "sector": 0, "count": 8 } ], "expect": { "rc": 0 } } ]
        }
        """;

    [Fact]
    public void Run_DemoScenarioFromTheRepositoryRoot_ExitsZeroWithATableOfRequests()
    {
        (int exit, string output, string error) = Tool.Run("run", Repo.Path("examples", "demo-mirror.json"));

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("mirror-write: write+sync async", output);
        Assert.Contains("leg1[64+16]=failed", output);
        Assert.Contains("0x2", output);
        Assert.Contains("PASS", output);
    }

    [Fact]
    public void Run_WhenAnExpectationFails_ExitsOneAndNamesIt()
    {
        using var dir = new TempDir();
        string path = dir.Write("s.json", Passing.Replace("\"rc\": 0", "\"rc\": -5", StringComparison.Ordinal));

        (int exit, string output, _) = Tool.Run("run", path);

        Assert.Equal(1, exit);
        Assert.Contains("step 0 (io w): rc: expected -5, got 0", output);
    }

    [Fact]
    public void Run_Twice_WritesByteIdenticalResultFiles()
    {
        using var dir = new TempDir();
        string first = dir.File("a.json");
        string second = dir.File("b.json");

        Assert.Equal(0, Tool.Run("run", Repo.Path("examples", "demo-mirror.json"), "--out", first, "--trace", dir.File("a.jsonl")).Exit);
        Assert.Equal(0, Tool.Run("run", Repo.Path("examples", "demo-mirror.json"), "--out", second, "--trace", dir.File("b.jsonl")).Exit);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllBytes(dir.File("a.jsonl")), File.ReadAllBytes(dir.File("b.jsonl")));
    }

    [Theory]
    [InlineData("{ \"format\": 1, \"devices\": [ ], ", "$", 1, 32, "not valid JSON")]
    [InlineData("{ \"format\": 2, \"devices\": [], \"steps\": [] }", "$.format", 1, 3, "format 2 is not supported")]
    [InlineData("{\n  \"format\": 1,\n  \"devices\": [ { \"name\": \"d\", \"backend\": \"memory\", \"sectors\": \"lots\" } ],\n  \"steps\": []\n}", "$.devices[0].sectors", 3, 52, "expected an integer")]
    [InlineData("{\n  \"format\": 1,\n  \"devices\": [ { \"name\": \"d\", \"backend\": \"memory\", \"sectors\": 8, \"colour\": 1 } ],\n  \"steps\": []\n}", "$.devices[0].colour", 3, 66, "unknown field 'colour'")]
    [InlineData("{\n  \"format\": 1,\n  \"devices\": [ { \"name\": \"d\", \"backend\": \"memory\", \"sectors\": 8 } ],\n  \"steps\": [\n    { \"do\": \"io\", \"op\": \"read\",\n      \"regions\": [ { \"device\": \"e\", \"sector\": 0, \"count\": 1 } ] }\n  ]\n}", "$.steps[0].regions[0].device", 6, 22, "unknown device 'e'")]
    [InlineData("{\n  \"format\": 1,\n  \"devices\": [\n    { \"name\": \"a\", \"table\": [ \"0 8 linear b 0\" ] },\n    { \"name\": \"b\", \"table\": [ \"0 8 linear a 0\" ] }\n  ],\n  \"steps\": []\n}", "$.devices[0].table", 4, 20, "cycle: a -> b -> a")]
    [InlineData("{\n  \"format\": 1,\n  \"devices\": [\n    { \"name\": \"d\", \"backend\": \"memory\", \"sectors\": 8 },\n    { \"name\": \"f\", \"table\": [ \"0 8 flakey d 0 x 1\" ] }\n  ],\n  \"steps\": []\n}", "$.devices[1].table[0]", 5, 31, "up_interval")]
    [InlineData("{\n  \"format\": 1,\n  \"devices\": [ { \"name\": \"d\", \"table\": [ \"0 8 thin x\" ] } ],\n  \"steps\": []\n}", "$.devices[0].table[0]", 3, 42, "unknown target 'thin'")]
    public void Run_BadScenario_ExitsTwoNamingPathLineAndColumn(string json, string path, int line, int column, string problem)
    {
        using var dir = new TempDir();
        string file = dir.Write("bad.json", json);

        (int exit, string output, string error) = Tool.Run("run", file);

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains($"bad.json:{line}:{column}: {path}: ", error);
        Assert.Contains(problem, error);
        Assert.DoesNotContain("PASS", output);
    }

    [Fact]
    public void Run_MissingFile_ExitsTwo()
    {
        (int exit, _, string error) = Tool.Run("run", "/nonexistent/scenario.json");

        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/scenario.json", error);
    }

    [Fact]
    public void UnknownOption_ExitsTwo() => Assert.Equal(2, Tool.Run("run", "x.json", "--frobnicate").Exit);

    [Fact]
    public void Help_ListsEveryCommand()
    {
        (int exit, string output, _) = Tool.Run("--help");

        Assert.Equal(0, exit);
        foreach (string command in new[] { "run", "record", "replay", "sweep", "timeline", "export-log-writes", "serve" })
        {
            Assert.Contains(command, output);
        }
    }
}
