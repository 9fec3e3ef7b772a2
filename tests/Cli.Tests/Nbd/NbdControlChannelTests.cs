using System.Text.Json;
using DmIo.Cli.Tests.Nbd.Support;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd;

/// <summary>The control lines of <c>dmio-sim nbd</c> on standard input, and the result it writes when told to quit.</summary>
public sealed class NbdControlChannelTests
{
    [Fact]
    public async Task RefusedLines_ChangeNothing_AndQuitWritesTheFaultsTheReadsCaused()
    {
        const int bad = 100;
        using var dir = new TempDir();
        string result = dir.File("result.json");
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, 2048), "--export", "r=r", "--unix", NbdScenario.Socket(dir), "--out", result);
        string uri = server.Uri("r");
        await NbdClients.QemuIoOk(uri, "write -P 0x77 0 65536");

        // Well-formed lines, so each is refused for what it asks, not for a typo; the message names what was refused.
        (string Line, string Named)[] refusals =
        [
            ("""{"id":1,"cmd":"frobnicate"}""", "frobnicate"),
            ("""{"id":2,"cmd":"advance","by":"1ms"}""", "advance"),
            ("""{"id":3,"cmd":"step","step":{"do":"advance","by":"1ms"}}""", "advance"),
        ];
        foreach ((string line, string named) in refusals)
        {
            JsonElement answer = await server.SendAsync(line);
            Assert.False(answer.GetProperty("ok").GetBoolean(), $"{line} was accepted: {answer}");
            Assert.Contains(named, answer.GetProperty("error").GetProperty("message").GetString() ?? string.Empty, StringComparison.Ordinal);
        }

        await NbdClients.QemuIoOk(uri, "read -P 0x77 0 65536");
        await server.SendOkAsync(NbdScenario.Inject("r", $"add name=bad op=read sectors={bad}-{bad} action=fail:ioerr"));
        await NbdClients.QemuIoFails(uri, $"read {bad * 512} 512", "Input/output error");
        await NbdClients.QemuIoFails(uri, $"read {bad * 512} 512", "Input/output error");

        Assert.Equal(0, await server.QuitAsync());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        var faults = json.RootElement.GetProperty("faults").EnumerateArray().ToList();
        Assert.Equal(2, faults.Count);
        Assert.All(faults, f =>
        {
            Assert.Equal("bad", f.GetProperty("rule").GetString());
            Assert.Equal(bad, f.GetProperty("sector").GetInt64());
            Assert.Equal(1, f.GetProperty("count").GetInt64());
            Assert.Equal("read", f.GetProperty("op").GetString());
        });

        // Only the accepted control line became a step: the refused ones left no trace.
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["message"], steps.Select(s => s.GetProperty("do").GetString()));
    }
}
