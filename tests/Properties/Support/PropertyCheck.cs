using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DmIo.Properties;

/// <summary>
/// Runs an FsCheck property from an xunit fact. The number of cases comes from <c>DMIO_PROPERTY_CASES</c> (a
/// number, or a multiplier such as <c>x4</c> applied to each property's default); <c>DMIO_PROPERTY_REPLAY</c>
/// (<c>seed,gamma,size</c>) replays one failing case. A failure throws with FsCheck's report (seed, shrunk
/// counterexample) followed by the exact command line that replays it; a pass writes the classification table.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>Environment variable holding the case count or multiplier.</summary>
    public const string CasesVariable = "DMIO_PROPERTY_CASES";

    /// <summary>Environment variable holding a replay seed as <c>seed,gamma,size</c>.</summary>
    public const string ReplayVariable = "DMIO_PROPERTY_REPLAY";

    /// <summary>Checks <paramref name="property"/>; throws <see cref="XunitException"/> with the replay line on failure.</summary>
    /// <param name="output">Where the pass report (classification) goes.</param>
    /// <param name="testName">The xunit test's method name, for the replay filter.</param>
    /// <param name="property">The property.</param>
    /// <param name="defaultCases">Cases when the environment does not say.</param>
    public static void Run(ITestOutputHelper? output, string testName, Property property, int defaultCases)
    {
        string? replayText = Environment.GetEnvironmentVariable(ReplayVariable);
        bool replaying = !string.IsNullOrWhiteSpace(replayText);
        Run(output, testName, property, replaying ? 1 : Cases(defaultCases), replaying ? ParseReplay(replayText!) : null);
    }

    /// <summary>Checks <paramref name="property"/> with an explicit case count and replay seed (for pinned regressions).</summary>
    /// <param name="output">Where the pass report goes.</param>
    /// <param name="testName">The xunit test's method name.</param>
    /// <param name="property">The property.</param>
    /// <param name="cases">How many cases (1 replays exactly the failing case a report names).</param>
    /// <param name="replay">The seed and size to start from, or null for a fresh random seed.</param>
    public static void Run(ITestOutputHelper? output, string testName, Property property, int cases, Replay? replay)
    {
        var runner = new CapturingRunner();
        Config config = Config.Quick.WithMaxTest(cases).WithRunner(runner).WithName(testName);
        if (replay is not null)
        {
            config = config.WithReplay(FSharpOption<Replay>.Some(replay));
        }

        Check.One(config, property);
        if (runner.Result is TestResult.Failed failed)
        {
            throw new XunitException(FailureReport(testName, runner.Text, failed.Item6, failed.Item7));
        }

        if (runner.Result is not TestResult.Passed)
        {
            throw new XunitException(runner.Text);
        }

        output?.WriteLine(runner.Text);
        if (runner.Result is TestResult.Passed passed)
        {
            output?.WriteLine(Marginals(passed.Item1));
        }
    }

    /// <summary>
    /// Per-label share of the cases (FsCheck's own table shows label combinations only). FsCheck hands out each
    /// combination's share as a rounded percentage, so a label's share is their sum, to within a point or two.
    /// </summary>
    /// <param name="data">The run's data.</param>
    /// <returns>One line per label, most frequent first.</returns>
    public static string Marginals(TestData data)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Tuple<int, Microsoft.FSharp.Collections.FSharpList<string>> stamp in data.Stamps) // (percent, labels)
        {
            foreach (string label in stamp.Item2)
            {
                counts[label] = counts.GetValueOrDefault(label) + stamp.Item1;
            }
        }

        int total = data.NumberOfTests;
        return "Per label (" + total.ToString(CultureInfo.InvariantCulture) + " cases):\n" + string.Join('\n',
            counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"  {Math.Min(100, c.Value),3}%  {c.Key}")));
    }

    /// <summary>Builds the failure text: FsCheck's report, then the line that replays the failing case.</summary>
    /// <param name="testName">The test's method name.</param>
    /// <param name="report">FsCheck's report.</param>
    /// <param name="seed">The seed of the failing case.</param>
    /// <param name="size">The size of the failing case.</param>
    /// <returns>The message.</returns>
    public static string FailureReport(string testName, string report, Rnd seed, int size) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{report.TrimEnd()}\nReplay with: {ReplayVariable}=\"{seed.Seed},{seed.Gamma},{size}\" dotnet test tests/Properties/Properties.csproj --filter \"FullyQualifiedName~{testName}\"");

    /// <summary>The case count for a property whose default is <paramref name="defaultCases"/>.</summary>
    /// <param name="defaultCases">The property's default.</param>
    /// <returns>The count to run.</returns>
    public static int Cases(int defaultCases)
    {
        string? text = Environment.GetEnvironmentVariable(CasesVariable)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return defaultCases;
        }

        if (text.StartsWith('x') && double.TryParse(text[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) && factor > 0)
        {
            return Math.Max(1, (int)Math.Round(defaultCases * factor));
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int cases) && cases > 0
            ? cases
            : throw new InvalidOperationException($"{CasesVariable} must be a positive number or a multiplier like x4, not '{text}'.");
    }

    /// <summary>Parses <c>seed,gamma,size</c> (one failing case) or <c>seed,gamma</c> (a whole run from that seed).</summary>
    /// <param name="text">The variable's text.</param>
    /// <returns>The replay.</returns>
    public static Replay ParseReplay(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        int size = 0;
        if (parts.Length is < 2 or > 3 || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out ulong seed) ||
            !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out ulong gamma) || gamma % 2 == 0 ||
            (parts.Length == 3 && !int.TryParse(parts[2], CultureInfo.InvariantCulture, out size)))
        {
            throw new InvalidOperationException($"{ReplayVariable} must be 'seed,gamma,size' as a failure prints it (gamma odd), not '{text}'.");
        }

        return new Replay(new Rnd(seed, gamma), parts.Length == 3 ? FSharpOption<int>.Some(size) : FSharpOption<int>.None);
    }
}
