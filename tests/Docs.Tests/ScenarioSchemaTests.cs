using System.Text.Json;
using DmIo.Docs.Tests.Support;
using DmIo.Simulation.Scenarios;
using Json.Schema;

namespace DmIo.Docs.Tests;

/// <summary>
/// Issue 14: every scenario in the repository (examples, the approved scenarios, the fuzz corpus) is valid against
/// docs/scenario.schema.json, checked by an independent JSON Schema implementation (JsonSchema.Net), and the loader
/// accepts the same files, including a <c>$schema</c> member pointing editors at the schema.
/// </summary>
public sealed class ScenarioSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repo.Path("docs", "scenario.schema.json"))));

    public static TheoryData<string> RepositoryScenarios() => [.. ScenarioFiles()];

    private static List<string> ScenarioFiles()
    {
        IEnumerable<string> In(string folder) => Directory.EnumerateFiles(Repo.Path(folder), "*.json")
            .Where(f => !f.EndsWith(".verified.json", StringComparison.Ordinal) && !f.EndsWith(".received.json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repo.Root, f));
        return [.. In("examples").Concat(In(Path.Combine("tests", "Scenarios", "scenarios"))).Concat(In(Path.Combine("fuzz", "corpus", "scenario"))).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void TheScanFindsTheExamplesAndTheApprovedScenarios()
    {
        List<string> found = ScenarioFiles();
        Assert.Contains(Path.Combine("examples", "demo-mirror.json"), found);
        Assert.True(found.Count(f => f.StartsWith(Path.Combine("tests", "Scenarios"), StringComparison.Ordinal)) >= 30, $"only {found.Count} scenarios found");
    }

    [Theory]
    [MemberData(nameof(RepositoryScenarios))]
    public void RepositoryScenario_IsValidAgainstTheSchema_AndLoads(string relativePath)
    {
        string text = File.ReadAllText(Repo.Path(relativePath));
        Assert.Empty(SchemaErrors(text));
        _ = ScenarioLoader.Parse(text); // throws, naming the field, if the loader disagrees with the schema
    }

    [Fact]
    public void DollarSchema_IsAcceptedByTheSchemaAndTheLoader()
    {
        const string scenario = """
            {
              "$schema": "../docs/scenario.schema.json",
              "format": 1,
              "devices": [ { "name": "disk", "backend": "memory", "sectors": 8 } ],
              "steps": []
            }
            """;

        Assert.Empty(SchemaErrors(scenario));
        Assert.Single(ScenarioLoader.Parse(scenario).Devices);
    }

    [Fact]
    public void DollarSchema_MustBeAString_InTheSchemaAndTheLoader()
    {
        const string scenario = """{ "$schema": 7, "format": 1, "devices": [ { "name": "d", "backend": "memory", "sectors": 8 } ], "steps": [] }""";

        Assert.NotEmpty(SchemaErrors(scenario));
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(scenario));
        Assert.Equal("$.$schema", e.JsonPath);
    }

    [Fact]
    public void TheSchemaRejectsAnUnknownField_SoTheTheoryAboveCanFail()
    {
        const string scenario = """{ "format": 1, "colour": "red", "devices": [ { "name": "d", "backend": "memory", "sectors": 8 } ], "steps": [] }""";

        Assert.NotEmpty(SchemaErrors(scenario));
    }

    private static List<string> SchemaErrors(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        EvaluationResults results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
