using System.Text.Json;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Running;

/// <summary>
/// The <c>suspend</c> and <c>resume</c> steps: 6.12's dm_suspend/dm_resume reached as dmsetup reaches them through
/// dm-ioctl.c (do_suspend suspends only a running device, do_resume resumes only a suspended one).
/// </summary>
public sealed class SuspendStepTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void Suspend_OfADelayTableWithAWriteInFlight_EndsWhenTheWriteCompletesEarlyAndHoldsNothing()
    {
        // delay_presuspend sends the held write on at once (flush_delayed_bios with flush_all), so the suspend step
        // returns at virtual time 0, not after the 100 ms delay, and the write is notified then.
        var builder = new ScenarioBuilder("suspend-delay", 1)
            .Backend("disk", "memory", 2048)
            .Table("slow", "0 2048 delay disk 0 100")
            .Request("w", BioOperation.Write, [new RegionSpec("slow", 0, 8)], async: true)
            .Suspend("slow")
            .Resume("slow");

        RunResult result = ScenarioRun.Run(builder.Build());

        Assert.True(result.Passed, string.Join("; ", result.Failures.Append(result.Error ?? string.Empty)));
        JsonElement[] steps = Steps(result);
        Assert.Equal(
            """{"index":1,"do":"suspend","device":"slow","noflush":false,"changed":true,"held_bios":0,"error":null,"failures":[]}""",
            steps[1].GetRawText());
        Assert.Equal(0, steps[0].GetProperty("notified_ns").GetInt64());
        Assert.Equal(
            """{"index":2,"do":"resume","device":"slow","changed":true,"resubmitted":0,"error":null,"failures":[]}""",
            steps[2].GetRawText());
    }

    [Fact]
    public void Write_SubmittedWhileSuspended_IsHeldAndCompletesOnlyAfterTheResume()
    {
        var builder = new ScenarioBuilder("held-write", 1)
            .Backend("disk", "memory", 2048)
            .Table("t", "0 2048 linear disk 0")
            .Suspend("t", noflush: true)
            .Request("w", BioOperation.Write, [new RegionSpec("t", 0, 8)], async: true)
            .Advance(5 * Ms)
            .Resume("t")
            .Wait("w");

        RunResult result = ScenarioRun.Run(builder.Build());

        Assert.True(result.Passed, string.Join("; ", result.Failures.Append(result.Error ?? string.Empty)));
        JsonElement[] steps = Steps(result);
        Assert.True(steps[0].GetProperty("noflush").GetBoolean());
        Assert.Equal(1, steps[3].GetProperty("resubmitted").GetInt32());
        Assert.Equal(5 * Ms, steps[1].GetProperty("notified_ns").GetInt64()); // not before the resume at 5 ms
    }

    [Fact]
    public async Task SyncWrite_ToASuspendedTableThatNothingResumes_StopsTheRunWithTheStallError()
    {
        var builder = new ScenarioBuilder("stall", 1)
            .Backend("disk", "memory", 2048)
            .Table("t", "0 2048 linear disk 0")
            .Suspend("t")
            .Request("w", BioOperation.Write, [new RegionSpec("t", 0, 8)]);

        Task<RunResult> run = Task.Run(() => ScenarioRun.Run(builder.Build()));
        Task finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(finished == run, "the run hung for 30 s instead of detecting the stall");
        Assert.Equal(
            "Simulation stalled at 0 ns: waiting for a synchronous dm-io request to complete but no events are pending.",
            (await run).Error);
    }

    [Fact]
    public void Suspend_OfASuspendedTable_AndResume_OfARunningOne_SucceedWithoutChange()
    {
        var builder = new ScenarioBuilder("twice", 1)
            .Backend("disk", "memory", 2048)
            .Table("t", "0 2048 linear disk 0")
            .Resume("t")
            .Suspend("t")
            .Suspend("t", noflush: true);

        RunResult result = ScenarioRun.Run(builder.Build());

        JsonElement[] steps = Steps(result);
        Assert.Equal((false, true, false), (steps[0].GetProperty("changed").GetBoolean(), steps[1].GetProperty("changed").GetBoolean(), steps[2].GetProperty("changed").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, steps[2].GetProperty("error").ValueKind);
        Assert.Equal(2, result.Trace.Split('\n').Count(l => l.Contains("\"suspend", StringComparison.Ordinal))); // "suspend t" and "suspended t", once
    }

    [Fact]
    public void SameScenarioAndSeed_GiveTheSameResult()
    {
        var builder = new ScenarioBuilder("determinism", 9)
            .Backend("disk", "memory", 2048)
            .Table("slow", "0 1024 delay disk 0 30", "1024 1024 delay disk 1024 70")
            .Request("a", BioOperation.Write, [new RegionSpec("slow", 1000, 48)], async: true)
            .Suspend("slow", noflush: true)
            .Request("b", BioOperation.Write, [new RegionSpec("slow", 8, 8)], async: true)
            .Resume("slow")
            .Wait();
        Scenario scenario = builder.Build();

        string first = ScenarioRun.Run(scenario).ToJson();
        string second = ScenarioRun.Run(scenario).ToJson();

        Assert.Equal(first, second);
        Assert.Contains("\"resubmitted\": 1", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"do":"suspend","device":"disk"}""", "$.steps[0].device", "device 'disk' is a memory backend; this step needs a table device")]
    [InlineData("""{"do":"suspend","device":"nope"}""", "$.steps[0].device", "unknown device 'nope' (declared: disk, t)")]
    [InlineData("""{"do":"suspend"}""", "$.steps[0].device", "missing required field 'device'")]
    [InlineData("""{"do":"suspend","device":"t","noflush":"yes"}""", "$.steps[0].noflush", "expected true or false")]
    [InlineData("""{"do":"resume","device":"t","noflush":true}""", "$.steps[0].noflush", "unknown field 'noflush'")]
    public void BadSuspendOrResumeSteps_AreRefusedWithTheirJsonPath(string step, string path, string problem)
    {
        string json = $$"""
            { "format": 1, "name": "bad", "seed": 1,
              "devices": [ { "name": "disk", "backend": "memory", "sectors": 64 }, { "name": "t", "table": [ "0 64 linear disk 0" ] } ],
              "steps": [ {{step}} ] }
            """;

        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(json));

        Assert.Equal(path, error.JsonPath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static JsonElement[] Steps(RunResult result)
    {
        using JsonDocument document = JsonDocument.Parse(result.ToJson());
        return [.. document.RootElement.GetProperty("steps").EnumerateArray().Select(s => JsonSerializer.Deserialize<JsonElement>(CompactJson(s)))];
    }

    private static string CompactJson(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
