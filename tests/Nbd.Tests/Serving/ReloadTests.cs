using DmIo.FaultInjection;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Serving;
using DmIo.Nbd.Tests.Support;
using DmIo.Simulation;
using DmIo.Simulation.Results;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>Reloading a served table (dmsetup reload + resume) through the control channel: flakey down and up on command.</summary>
public sealed class ReloadTests
{
    private const string Devices = """[{"name":"d0","backend":"memory","sectors":2048},{"name":"f","table":["0 2048 flakey d0 0 1 0"]}]""";

    [Fact]
    public async Task A_flakey_device_goes_down_and_up_by_reload_and_the_replay_agrees()
    {
        using var served = ServedScenario.Start(Devices, "f=f", traced: true);
        Assert.Equal(0, (await served.Do("f", NbdCommand.Read, 0, 4096)).Errno);
        string down = served.Control("""{"cmd":"reload","device":"f","table":["0 2048 flakey d0 0 0 1"]}""");
        Assert.Contains("\"ok\":true", down, StringComparison.Ordinal);
        Assert.Contains("\"table\":\"0 2048 flakey d0 0 0 1 2 error_reads error_writes\\n\"", down, StringComparison.Ordinal);
        Assert.Equal(5, (await served.Do("f", NbdCommand.Read, 0, 4096)).Errno);
        Assert.Equal(5, (await served.Do("f", NbdCommand.Write, 0, 4096)).Errno);
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"reload","device":"f","table":["0 2048 flakey d0 0 1 0"]}"""));
        Assert.Equal(0, (await served.Do("f", NbdCommand.Read, 0, 4096)).Errno);
        RunResult live = served.Finish();
        RunResult replayed = NbdReplay.Run(TraceLog.Parse(served.Trace!.ToString()), served.Scenario, new MemoryStream(served.Payloads!.ToArray()), ResourceLimits.Default);
        Assert.Null(replayed.DivergenceStep);
        Assert.Equal(2, live.Faults.Count);
        Assert.Equal(live.Faults.Count, replayed.Faults.Count);
    }

    [Fact]
    public async Task A_request_held_by_a_suspend_goes_to_the_table_loaded_meanwhile()
    {
        using var served = ServedScenario.Start(Devices, "f=f");
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"suspend","device":"f"}"""));
        var probe = new CompletionProbe();
        served.Export("f").Submit(new NbdIo(NbdCommand.Read, NbdCommandFlags.None, 1, 0, 4096), new byte[4096], probe);
        await Task.Delay(50);
        Assert.Equal(0, probe.Calls); // held while suspended
        string reload = served.Control("""{"cmd":"reload","device":"f","table":["0 2048 flakey d0 0 0 1"]}""");
        Assert.Contains("\"resubmitted\":1", reload, StringComparison.Ordinal);
        (int errno, _) = await Within.Await(probe.Done, "the held read after the reload");
        Assert.Equal(5, errno); // the new table is down
    }

    [Theory]
    [InlineData("""{"cmd":"reload","device":"f","table":["0 2048 linear f 0"]}""", "the new table would put 'f' under itself")]
    [InlineData("""{"cmd":"reload","device":"f","table":["0 2048 flakey d0 0 0 0"]}""", "Total (up + down) interval is zero")]
    public async Task A_refused_table_changes_nothing(string line, string problem)
    {
        using var served = ServedScenario.Start(Devices, "f=f");
        string answer = served.Control(line);
        Assert.Contains(problem, answer, StringComparison.Ordinal);
        Assert.Contains("\"failures\":[\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"table\":\"0 2048 flakey d0 0 1 0 2 error_reads error_writes\\n\"", served.Control("""{"cmd":"status","device":"f"}"""), StringComparison.Ordinal);
        Assert.Equal(0, (await served.Do("f", NbdCommand.Read, 0, 4096)).Errno);
    }
}
