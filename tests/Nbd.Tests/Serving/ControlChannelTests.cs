using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>The control channel while serving: device messages act at once; clock steps and unknown commands change nothing.</summary>
public sealed class ControlChannelTests
{
    private const string Devices = """[{"name":"d0","backend":"memory","sectors":2048},{"name":"du","table":["0 2048 dust d0 0 512"]}]""";

    [Fact]
    public async Task A_dust_bad_block_fails_reads_until_a_write_clears_it()
    {
        using var served = ServedScenario.Start(Devices, "du=du");
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"message","device":"du","text":"addbadblock 9"}"""));
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"message","device":"du","text":"enable"}"""));
        Assert.Equal(5, (await served.Do("du", NbdCommand.Read, 9 * 512, 512)).Errno);
        Assert.Equal(5, (await served.Do("du", NbdCommand.Read, 9 * 512, 512)).Errno);
        Assert.Equal(0, (await served.Do("du", NbdCommand.Read, 8 * 512, 512)).Errno);
        byte[] written = Enumerable.Repeat((byte)0x5a, 512).ToArray();
        Assert.Equal(0, (await served.Do("du", NbdCommand.Write, 9 * 512, 512, written)).Errno);
        var read = new byte[512];
        Assert.Equal(0, (await served.Do("du", NbdCommand.Read, 9 * 512, 512, read)).Errno);
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData("""{"cmd":"advance","by":"1ms"}""", "is not taken here")]
    [InlineData("""{"cmd":"step","step":{"do":"advance","by":"1ms"}}""", "moves or waits on the virtual clock")]
    [InlineData("""{"cmd":"step","step":{"do":"wait"}}""", "moves or waits on the virtual clock")]
    [InlineData("""{"cmd":"start","seed":3}""", "is not taken here")]
    [InlineData("""{"cmd":"finish"}""", "is not taken here")]
    [InlineData("""{"cmd":"submit","op":"read","regions":[{"device":"d0","sector":0,"count":1}]}""", "is not taken here")]
    [InlineData("""{"cmd":"message","device":"nope","text":"enable"}""", "unknown device")]
    public void Refused_lines_are_answered_with_an_error_and_leave_no_trace(string line, string problem)
    {
        using var served = ServedScenario.Start(Devices, "du=du", traced: true);
        int before = served.Trace!.ToString().Length;
        string answer = served.Control(line);
        Assert.Contains("\"ok\":false", answer, StringComparison.Ordinal);
        Assert.Contains(problem, answer, StringComparison.Ordinal);
        Assert.Equal(before, served.Trace.ToString().Length);
    }

    [Fact]
    public void A_control_step_is_traced_as_a_mark_before_it_acts()
    {
        using var served = ServedScenario.Start(Devices, "du=du", traced: true);
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"message","device":"du","text":"addbadblock 3"}"""));
        string[] lines = served.Trace!.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("nbd serve du=du", lines[1], StringComparison.Ordinal);
        Assert.Contains("nbd step {", lines[2], StringComparison.Ordinal);
        Assert.Contains("addbadblock 3", lines[2], StringComparison.Ordinal);
    }
}
