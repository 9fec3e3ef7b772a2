using DmIo.FaultInjection;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Serving;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>A served session's trace, replayed on the simulated clock: identical when nothing changed, diverging when something did.</summary>
public sealed class SessionReplayTests
{
    private const string Devices = """[{"name":"d0","backend":"memory","sectors":4096},{"name":"r","table":["0 4096 rules d0 0"]},{"name":"slow","table":["0 4096 latency d0 0 uniform:1ms:3ms"]}]""";

    [Fact]
    public async Task A_session_with_random_faults_latency_and_a_control_step_replays_identically()
    {
        (ServedScenario served, RunResult live) = await RecordSession();
        using (served)
        {
            Assert.True(live.Faults.Count > 0, "the 50% rule made no decision: the session tests nothing");
            RunResult replayed = NbdReplay.Run(TraceLog.Parse(served.Trace!.ToString()), served.Scenario, new MemoryStream(served.Payloads!.ToArray()), ResourceLimits.Default);
            Assert.Null(replayed.Error);
            Assert.Null(replayed.DivergenceStep);
            Assert.Equal(live.Faults.Select(f => (f.TimeNanoseconds, f.Sector, f.Status)), replayed.Faults.Select(f => (f.TimeNanoseconds, f.Sector, f.Status)));
        }
    }

    [Fact]
    public async Task Replaying_against_a_scenario_without_the_rules_target_diverges_at_the_first_fault_decision()
    {
        (ServedScenario served, RunResult live) = await RecordSession();
        using (served)
        {
            Scenario linear = ScenarioLoader.Parse(served.Scenario.CanonicalJson.Replace("rules d0 0", "linear d0 0", StringComparison.Ordinal));
            // The control step's rule message has no target to go to: the replay refuses the step, and the first fault line is missing.
            RunResult replayed = NbdReplay.Run(TraceLog.Parse(served.Trace!.ToString()), linear, new MemoryStream(served.Payloads!.ToArray()), ResourceLimits.Default);
            Assert.NotNull(replayed.DivergenceStep);
            // The trace expected the rule's coin toss (or its fault) where the linear target just passed the bio on.
            Assert.Matches("\"ev\":\"(choice|fault)\"", replayed.DivergenceExpected);
        }
    }

    [Fact]
    public async Task A_changed_payload_diverges_at_its_write_and_a_short_payload_file_is_refused()
    {
        (ServedScenario served, _) = await RecordSession();
        using (served)
        {
            byte[] payloads = served.Payloads!.ToArray();
            Assert.NotEmpty(payloads);
            byte[] changed = [.. payloads];
            changed[10] ^= 0xff;
            TraceLog trace = TraceLog.Parse(served.Trace!.ToString());
            RunResult replayed = NbdReplay.Run(trace, served.Scenario, new MemoryStream(changed), ResourceLimits.Default);
            Assert.NotNull(replayed.DivergenceStep);
            Assert.Contains("\"ev\":\"submit\"", replayed.DivergenceActual, StringComparison.Ordinal);
            Assert.Contains("\"op\":\"write\"", replayed.DivergenceActual, StringComparison.Ordinal);
            var error = Assert.Throws<TraceFormatException>(() => NbdReplay.Run(trace, served.Scenario, new MemoryStream(payloads[..100]), ResourceLimits.Default));
            Assert.Contains("payload", error.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_scenario_trace_is_not_a_session_trace()
    {
        Scenario scenario = ScenarioLoader.Parse("""{"format":1,"name":"x","seed":1,"devices":[{"name":"d0","backend":"memory","sectors":64}],"steps":[]}""");
        RunResult result = ScenarioRun.Run(scenario);
        Assert.False(NbdReplay.IsSessionTrace(TraceLog.Parse(result.Trace)));
        Assert.Throws<TraceFormatException>(() => NbdReplay.Run(TraceLog.Parse(result.Trace), scenario, null, ResourceLimits.Default));
    }

    // Reads and writes on three exports, some concurrent, through a 50% read rule added by a control step and a latency target.
    private static async Task<(ServedScenario Served, RunResult Live)> RecordSession()
    {
        var served = ServedScenario.Start(Devices, "r=r slow=slow raw=d0", traced: true, seed: 5);
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"inject","device":"r","text":"add name=coin op=read prob=50% action=fail:ioerr"}"""));
        var rng = new Random(3);
        for (int round = 0; round < 8; round++)
        {
            byte[] data = new byte[4096];
            rng.NextBytes(data);
            long offset = rng.Next(0, 4096 - 8) * 512L;
            var inFlight = new List<Task<(int, string?)>>
            {
                served.Do("slow", NbdCommand.Write, offset, 4096, data),
                served.Do("r", NbdCommand.Read, offset, 4096),
                served.Do("slow", NbdCommand.Read, 0, 8192),
            };
            await Task.WhenAll(inFlight);
            await served.Do("raw", NbdCommand.Flush, 0, 0);
        }

        return (served, served.Finish());
    }
}
