using DmIo.Cli.Tests.Nbd.Support;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd;

/// <summary>A session recorded with <c>dmio-sim nbd --trace</c> replays identically, and a damaged payload file is caught.</summary>
public sealed class NbdTraceReplayTests
{
    [Fact]
    public async Task ATracedSession_ReplaysIdentically_AndADamagedOrMissingPayloadFileIsReported()
    {
        using var dir = new TempDir();
        string trace = dir.File("session.trace");
        string result = dir.File("result.json");
        int failed = 0;
        await using (var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, 2048), "--export", "r=r", "--unix", NbdScenario.Socket(dir), "--trace", trace, "--out", result))
        {
            string uri = server.Uri("r");
            await server.SendOkAsync(NbdScenario.Inject("r", "add name=coin op=read sectors=0-63 prob=50% action=fail:ioerr"));
            await NbdClients.QemuIoOk(uri, "write -P 0x21 0 8192", "write -P 0x43 65536 4096");
            for (int i = 0; i < 6; i++)
            {
                // Each read draws the coin; which ones fail is the trace's business, so only the count is kept.
                failed += (await NbdClients.QemuIo(uri, $"read -P 0x21 {i * 512} 512")).ExitCode == 0 ? 0 : 1;
            }

            await NbdClients.QemuIoOk(uri, "read -P 0x43 65536 4096");
            Assert.Equal(0, await server.QuitAsync());
        }

        // One coin per read of sectors 0-5, and as many faults as qemu-io saw failed reads.
        string[] lines = await File.ReadAllLinesAsync(trace);
        Assert.Equal(6, lines.Count(l => l.Contains("\"ev\":\"choice\"", StringComparison.Ordinal) && l.Contains(":coin:prob", StringComparison.Ordinal)));
        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(result)))
        {
            Assert.Equal(failed, json.RootElement.GetProperty("faults").GetArrayLength());
        }

        var replay = Tool.Run("replay", trace);
        Assert.True(replay.Exit == 0, $"replay exit {replay.Exit}: {replay.Out} {replay.Err}");
        Assert.Contains("identical", replay.Out, StringComparison.Ordinal);

        byte[] payloads = await File.ReadAllBytesAsync(trace + ".data");
        Assert.Equal(8192 + 4096, payloads.Length); // the two writes' bytes, nothing else
        payloads[5000] ^= 0xff;
        await File.WriteAllBytesAsync(trace + ".data", payloads);
        var damaged = Tool.Run("replay", trace);
        Assert.True(damaged.Exit == 1, $"replay of a damaged payload file exit {damaged.Exit}: {damaged.Out} {damaged.Err}");
        Assert.Contains("diverged", damaged.Out, StringComparison.Ordinal);

        File.Delete(trace + ".data");
        var missing = Tool.Run("replay", trace);
        Assert.True(missing.Exit == 2, $"replay without its payload file exit {missing.Exit}: {missing.Out} {missing.Err}");
        Assert.True(Tool.IsOneLine(missing.Err), $"not one line: {missing.Err}");
    }
}
