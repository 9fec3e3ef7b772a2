using System.Text;

namespace DmIo.FaultInjection.Tests.Simulation;

public sealed class TraceReplayTests
{
    [Fact]
    public void SameSeed_TwoRuns_ProduceByteIdenticalTraces()
    {
        WorkloadResult first = SimulatedWorkload.Run(seed: 42);
        WorkloadResult second = SimulatedWorkload.Run(seed: 42);

        TraceDivergenceException? divergence = TraceComparer.FirstDivergence(first.Lines, second.Lines);
        Assert.True(divergence is null, divergence?.Message);
        Assert.Equal(first.TraceBytes, second.TraceBytes);
        foreach (string kind in new[] { "submit", "complete", "fault", "choice", "mark" })
        {
            Assert.Contains(first.Lines, l => l.Contains($"\"ev\":\"{kind}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void DifferentSeeds_ProduceDifferentTraces()
    {
        WorkloadResult a = SimulatedWorkload.Run(seed: 42);
        WorkloadResult b = SimulatedWorkload.Run(seed: 43);

        Assert.NotNull(TraceComparer.FirstDivergence(a.Lines, b.Lines));
    }

    [Fact]
    public void Latency_ReordersCompletionsAgainstSubmissions_InTheWorkload()
    {
        WorkloadResult run = SimulatedWorkload.Run(seed: 42);

        long[] submitted = BioIds(run.Lines, "submit");
        long[] completed = BioIds(run.Lines, "complete");

        Assert.Equal(submitted.Order(), completed.Order());
        Assert.NotEqual(submitted, completed);
    }

    [Fact]
    public void Replay_AfterRandomSourceChanged_ReproducesErrorBitsDataAndTrace()
    {
        WorkloadResult original = SimulatedWorkload.Run(seed: 7);
        Assert.Contains(original.ErrorBits, b => b != 0); // the recording must contain injected failures
        Assert.Contains(original.Faults, f => f.Action == "corrupt");
        TraceLog log = TraceLog.Parse(Encoding.UTF8.GetString(original.TraceBytes));

        WorkloadResult unreplayed = SimulatedWorkload.Run(seed: 12345);
        WorkloadResult replayed = SimulatedWorkload.Run(seed: 12345, replay: log);

        Assert.NotEqual(original.ErrorBits, unreplayed.ErrorBits); // the changed source alone gives other faults
        Assert.Equal(original.ErrorBits, replayed.ErrorBits);
        for (int i = 0; i < original.Reads.Length; i++)
        {
            Bios.AssertBytes(original.Reads[i], replayed.Reads[i], $"replayed read of request {i}");
        }

        Bios.AssertBytes(original.Media, replayed.Media, "replayed media");
        Assert.Equal(original.TraceBytes, replayed.TraceBytes);
    }

    [Fact]
    public void Replay_OfDeliberatelyChangedRun_StopsAtFirstDivergentStep()
    {
        WorkloadResult original = SimulatedWorkload.Run(seed: 7);
        TraceLog log = TraceLog.Parse(Encoding.UTF8.GetString(original.TraceBytes));
        // Request 5 writes sector 160; the changed run aims it at 168. Its submission is the first line that differs.
        int expectedStep = original.Lines.ToList().FindIndex(l =>
            l.Contains("\"ev\":\"submit\",\"dev\":\"disk0\"", StringComparison.Ordinal) && l.Contains("\"sector\":160,", StringComparison.Ordinal));
        Assert.True(expectedStep > 0);

        var e = Assert.Throws<TraceDivergenceException>(() => SimulatedWorkload.Run(seed: 7, replay: log, moveRequest: 5));

        Assert.Equal(expectedStep, e.Step);
        Assert.Equal(original.Lines[expectedStep], e.Expected);
        Assert.Contains("\"sector\":168,", e.Actual, StringComparison.Ordinal);
        Assert.StartsWith($"Trace diverged at step {expectedStep} (line {expectedStep + 1}):", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparer_OnFinishedTraces_NamesSameStepAsLiveReplay()
    {
        WorkloadResult original = SimulatedWorkload.Run(seed: 7);
        WorkloadResult changed = SimulatedWorkload.Run(seed: 7, moveRequest: 5);

        TraceDivergenceException? d = TraceComparer.FirstDivergence(original.Lines, changed.Lines);

        Assert.NotNull(d);
        Assert.Contains("\"sector\":160,", d.Expected, StringComparison.Ordinal);
        Assert.Contains("\"sector\":168,", d.Actual, StringComparison.Ordinal);
        Assert.Equal(original.Lines.Take(d.Step), changed.Lines.Take(d.Step));
    }

    [Fact]
    public void Comparer_ShorterRun_ReportsEndOfTrace()
    {
        string[] expected = ["a", "b", "c"];

        TraceDivergenceException? d = TraceComparer.FirstDivergence(expected, ["a", "b"]);

        Assert.NotNull(d);
        Assert.Equal((2, "c", "end of trace"), (d.Step, d.Expected, d.Actual));
    }

    [Fact]
    public void ReplayChoiceSource_AskedForADifferentPurpose_NamesTheChoicesStep()
    {
        var replay = new ReplayChoiceSource([new RecordedChoice("lat0:latency:read", 10, 3, Step: 4), new RecordedChoice("rules0:r:prob", 1_000_000_000, 5, Step: 9)]);

        Assert.Equal(3UL, replay.Choose("lat0:latency:read", 10));
        var e = Assert.Throws<TraceDivergenceException>(() => replay.Choose("lat0:latency:write", 10));

        Assert.Equal(9, e.Step);
        Assert.Contains("rules0:r:prob", e.Expected, StringComparison.Ordinal);
        Assert.Contains("lat0:latency:write", e.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayChoiceSource_AskedPastTheEnd_Throws()
    {
        var replay = new ReplayChoiceSource([new RecordedChoice("x", 2, 1, Step: 0)]);
        replay.Choose("x", 2);

        var e = Assert.Throws<TraceDivergenceException>(() => replay.Choose("x", 2));

        Assert.Equal("no more recorded choices", e.Expected);
    }

    private static long[] BioIds(IReadOnlyList<string> lines, string kind) =>
        [.. lines.Where(l => l.Contains($"\"ev\":\"{kind}\",\"dev\":\"disk0\"", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split("\"bio\":")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))];
}
