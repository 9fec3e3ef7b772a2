using DmIo.Scenarios.Support;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;
using DmIo.Tests.Reliability;
using Xunit.Abstractions;

namespace DmIo.Scenarios.Reliability;

/// <summary>
/// A seeded mutation run over every valid scenario file (tests/Scenarios/scenarios, examples/ and the catalogue's base):
/// bit flips, extreme numbers, renamed fields, replaced strings, deleted tokens and lines. Every mutated file either
/// loads and its devices build, or is rejected with a <see cref="ScenarioFormatException"/> — by the loader or by the
/// device build — and no input hangs.
/// </summary>
public sealed class ScenarioLoaderFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 4000;

    // Dense memory devices are allocated when built; a mutation may ask for up to 2^40 sectors, which the loader allows.
    private const long MaxDenseSectorsToBuild = 1 << 17;

    [Fact]
    public void MutatedScenarioFiles_LoadOrFailWithScenarioFormatException()
    {
        List<string> valid = [.. ValidFiles().Select(f => JsonMutator.ToByteString(File.ReadAllText(f))), JsonMutator.ToByteString(BadScenarioCatalogue.Valid)];
        foreach (string file in valid)
        {
            _ = ScenarioLoader.Parse(JsonMutator.Bytes(file)); // the starting points are valid
        }

        int built = 0;
        FuzzReport report = MutationFuzzer.Run("ScenarioLoader.Parse + device build", valid, Iterations, seed: 21,
            input =>
            {
                Scenario scenario = ScenarioLoader.Parse(JsonMutator.Bytes(input));
                if (scenario.Devices.Where(d => d.Kind == DeviceKind.Memory).Sum(d => d.Sectors) <= MaxDenseSectorsToBuild)
                {
                    ScenarioRun.Start(scenario).Dispose();
                    built++;
                }

                return null;
            },
            (e, _) => e is ScenarioFormatException { JsonPath: ['$', ..], Line: >= 1, Column: >= 1 },
            JsonMutator.Mutate);
        output.WriteLine($"{report} ({valid.Count} valid files mutated; {built} accepted files had their devices built)");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
    }

    private static IEnumerable<string> ValidFiles()
    {
        string examples = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ScenarioFolder.Path))!, "..", "examples");
        return ScenarioFolder.ScenarioFiles().Concat(Directory.EnumerateFiles(examples, "*.json").Order(StringComparer.Ordinal));
    }
}
