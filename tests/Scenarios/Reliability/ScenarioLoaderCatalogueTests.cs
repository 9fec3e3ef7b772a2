using System.Text;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using Xunit.Abstractions;

namespace DmIo.Scenarios.Reliability;

/// <summary>
/// The scenario loader's bad-input catalogue (<see cref="BadScenarioCatalogue"/>): every malformed file is a
/// <see cref="ScenarioFormatException"/> naming the JSON path, line and column, before anything runs — the loader
/// builds nothing, and a table line the device build rejects leaves no device file behind.
/// </summary>
public sealed class ScenarioLoaderCatalogueTests(ITestOutputHelper output)
{
    public static TheoryData<BadScenario> Rows() => BadScenarioCatalogue.Data();

    [Fact]
    public void ValidBase_LoadsAndPasses()
    {
        Scenario scenario = ScenarioLoader.Parse(BadScenarioCatalogue.Valid);
        RunResult result = ScenarioRun.Run(scenario);
        Assert.True(result.Passed, string.Join("\n", result.Failures.Append(result.Error ?? string.Empty)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void BadScenario_IsAScenarioFormatExceptionNamingThePath_AndNothingIsBuilt(BadScenario row)
    {
        using var files = new TempFolder();
        ScenarioFormatException error = row.AtBuild ? RejectedAtBuild(row, files.Path) : Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(row.Json));

        Assert.True(error.JsonPath == row.Path && error.Problem.Contains(row.Problem, StringComparison.Ordinal),
            $"{row}: expected {row.Path}: ...{row.Problem}..., got {error.JsonPath}: {error.Problem}");
        Assert.True(error.Line >= 1 && error.Column >= 1, $"{row}: no position ({error.Line}:{error.Column})");
        Assert.True(Directory.GetFileSystemEntries(files.Path).Length == 0,
            $"{row}: the failed build left {string.Join(", ", Directory.GetFileSystemEntries(files.Path).Select(Path.GetFileName))} behind");
    }

    [Fact]
    public void Catalogue_CoversEveryClassOfBadField()
    {
        var perClass = BadScenarioCatalogue.All.GroupBy(r => r.InputClass).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"scenario loader: {BadScenarioCatalogue.All.Count} malformed files ({BadScenarioCatalogue.All.Count(r => r.AtBuild)} rejected by the device build): " +
                         string.Join(", ", perClass.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
        foreach (string inputClass in new[] { "null", "negative", "overflow", "out of range", "misaligned", "too many regions", "wrong buffer size", "unknown names", "cyclic", "dangling", "malformed", "resource limit" })
        {
            Assert.True(perClass.ContainsKey(inputClass), $"no row of class '{inputClass}'");
        }
    }

    [Fact]
    public void NullAndUnreadableInputs_AreArgumentOrFileErrors()
    {
        Assert.Equal("json", Assert.Throws<ArgumentNullException>(() => ScenarioLoader.Parse((string)null!)).ParamName);
        Assert.Equal("utf8", Assert.Throws<ArgumentNullException>(() => ScenarioLoader.Parse((byte[])null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => ScenarioLoader.LoadFile(null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => ScenarioLoader.LoadFile(" ")).ParamName);
        Assert.Throws<FileNotFoundException>(() => ScenarioLoader.LoadFile(Path.Combine(Path.GetTempPath(), "dmio-no-such-scenario.json")));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x7B, 0x7D })]                         // a UTF-16 byte-order mark
    [InlineData(new byte[] { 0x7B, 0x22, 0x66, 0xC3, 0x22, 0x3A, 0x31, 0x7D })] // {"f<truncated UTF-8>":1}
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]                               // only a UTF-8 byte-order mark
    [InlineData(new byte[] { 0x00 })]
    public void BytesThatAreNotUtf8Json_AreAScenarioFormatExceptionAtTheRoot(byte[] bytes)
    {
        ScenarioFormatException error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(bytes));

        Assert.Equal("$", error.JsonPath);
        Assert.True(error.Problem.StartsWith("not valid JSON", StringComparison.Ordinal) || error.Problem.StartsWith("not valid UTF-8", StringComparison.Ordinal), error.Problem);
    }

    [Fact]
    public void Utf8ByteOrderMark_IsSkipped()
    {
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(BadScenarioCatalogue.Valid)];

        Assert.Equal("catalogue-base", ScenarioLoader.Parse(withBom).Name);
    }

    // The dm-io rules the scenario format exists to test are not format errors: the loader accepts these requests and
    // the run records what the engine did (scenarios 01 and 15 rely on it).
    [Theory]
    [InlineData("65 regions", "{ \"device\": \"disk\", \"sector\": 0, \"count\": 0, \"repeat\": 65 }", "ArgumentException")]
    [InlineData("sector long.MaxValue - 4 + count 8", "{ \"device\": \"disk\", \"sector\": 9223372036854775803, \"count\": 8 }", "ArgumentOutOfRangeException")]
    [InlineData("sector + count past 2^63 bytes", "{ \"device\": \"disk\", \"sector\": 18014398509481980, \"count\": 8 }", "ArgumentOutOfRangeException")]
    [InlineData("a region past the device end", "{ \"device\": \"disk\", \"sector\": 60, \"count\": 8 }", null)]
    public void EngineRules_AreAcceptedByTheLoaderAndRecordedByTheRun(string input, string region, string? rejectedAs)
    {
        string json = BadScenarioCatalogue.Valid.Replace("{ \"device\": \"disk\", \"sector\": 0, \"count\": 8 } ], \"payload\"", region + " ], \"payload\"", StringComparison.Ordinal);
        Assert.NotEqual(BadScenarioCatalogue.Valid, json);

        RunResult result = ScenarioRun.Run(ScenarioLoader.Parse(json));

        var write = Assert.IsType<RequestOutcome>(result.Steps[0]);
        if (rejectedAs is null)
        {
            Assert.True(write.Rejected is null && write.ReturnCode == -5 && write.ErrorBits == 1, $"{input}: rc {write.ReturnCode}, bits {write.ErrorBits}, rejected {write.Rejected}");
        }
        else
        {
            Assert.True(write.Rejected?.StartsWith(rejectedAs + ":", StringComparison.Ordinal) == true, $"{input}: expected a {rejectedAs} rejection, got '{write.Rejected}'");
        }

        Assert.DoesNotContain(result.Bios, b => b.Device == "disk" && b.Operation == BioOperation.Write);
    }

    private static ScenarioFormatException RejectedAtBuild(BadScenario row, string fileDirectory)
    {
        Scenario scenario = ScenarioLoader.Parse(row.Json);
        return Assert.Throws<ScenarioFormatException>(() => ScenarioRun.Start(scenario, new RunOptions { FileDirectory = fileDirectory }).Dispose());
    }
}
