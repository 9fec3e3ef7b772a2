using DmIo.Fuzz;
using Xunit.Abstractions;

namespace DmIo.Fuzzing.Tests;

/// <summary>
/// Replays every committed fuzz input through the same target code afl-fuzz runs (plain build, no afl-fuzz), with the
/// same invariants: the crashes afl-fuzz found (fuzz/regressions/&lt;target&gt;, one test case per file, failing with
/// the file and the broken invariant until the product is fixed) and the seed corpus (fuzz/corpus/&lt;target&gt;).
/// </summary>
public sealed class RegressionReplayTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Regressions() => FuzzInputs.Files("regressions");

    public static TheoryData<string, string> Seeds() => FuzzInputs.Files("corpus");

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Regression_BreaksNoInvariant(string target, string file)
    {
        FuzzOutcome outcome = FuzzInputs.Replay(target, file);
        output.WriteLine($"{file}: {outcome}");
        Assert.True(outcome.Skipped is null, $"{file} ({target}) was skipped by the harness budget ({outcome.Skipped}), so it tests nothing");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seed_BreaksNoInvariant_AndIsNotSkipped(string target, string file)
    {
        FuzzOutcome outcome = FuzzInputs.Replay(target, file);
        output.WriteLine($"{file}: {outcome}");
        Assert.True(outcome.Skipped is null, $"{file} ({target}) was skipped by the harness budget ({outcome.Skipped})");
    }

    [Fact]
    public void EveryTarget_HasRegressions_AndOneOfThemIsRefused()
    {
        // A replay of inputs the product only accepts would never reach the refusal invariants ("a refusal changes
        // nothing", "exit 2 prints one line"): every folder keeps at least one known-bad input the product refuses.
        foreach (IFuzzTarget target in FuzzTargets.All)
        {
            List<(string File, FuzzOutcome? Outcome)> replayed = [.. Regressions().Where(r => (string)r[0] == target.Name)
                .Select(r => ((string)r[1], Run(target, (string)r[1])))];
            Assert.True(replayed.Count > 0, $"fuzz/regressions/{target.Name} is empty");
            Assert.True(replayed.Any(r => r.Outcome is { Refused: > 0 }),
                $"no input in fuzz/regressions/{target.Name} is refused: {string.Join("; ", replayed.Select(r => $"{r.File}: {r.Outcome}"))}");
        }
    }

    // Other test cases report a broken invariant; this one only needs the outcome of those that break none.
    private static FuzzOutcome? Run(IFuzzTarget target, string file)
    {
        try
        {
            return target.Run(File.ReadAllBytes(Path.Combine(FuzzInputs.Root, file)));
        }
        catch (InvariantViolation)
        {
            return null;
        }
    }
}
