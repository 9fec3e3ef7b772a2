using System.Net.Sockets;
using System.Text.Json;
using DmIo.Cli.Tests.Nbd.Support;
using DmIo.Cli.Tests.Support;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Cli.Tests.Nbd;

/// <summary>What stops <c>dmio-sim nbd</c> (SIGTERM) and what must not (a client vanishing mid-request).</summary>
public sealed class NbdStopTests
{
    private const ushort Read = 0;
    private const ushort Write = 1;

    [Theory]
    [InlineData(Write)]
    [InlineData(Read)]
    public async Task AClientThatVanishesMidRequest_LeavesTheServerServing(ushort command)
    {
        using var dir = new TempDir();
        string socket = NbdScenario.Socket(dir);
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, 2048), "--export", "disk=d0", "--unix", socket);
        await NbdClients.QemuIoOk(server.Uri("disk"), "write -P 0x42 0 4096");

        await using (RawNbdClient client = await RawNbdClient.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.NegotiateAsync("disk", structured: false);
            // A write announces 1 MiB and sends a tenth of it; a read asks for 1 MiB and never reads the reply.
            await client.SendRequestAsync(command, 1, 0, 1 << 20);
            if (command == Write)
            {
                await client.SendAsync(new byte[100_000]);
            }

            client.Socket.Close();
        }

        await NbdClients.QemuIoOk(server.Uri("disk"), "read -P 0x42 0 4096");
        Assert.Equal(0, await server.QuitAsync());
    }

    [Fact]
    public async Task Sigterm_StopsTheServer_WithTheResultWritten_AndTheSocketRemoved()
    {
        using var dir = new TempDir();
        string socket = NbdScenario.Socket(dir);
        string result = dir.File("result.json");
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, 64), "--export", "disk=d0", "--unix", socket, "--out", result);
        await NbdClients.QemuIoOk(server.Uri("disk"), "write -P 0x5a 0 4096");
        Assert.True(File.Exists(socket), "the socket file is missing while serving");

        server.Terminate();

        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(5)) == 0, $"SIGTERM did not give exit 0; stderr: {server.Errors}");
        Assert.False(File.Exists(socket), "the socket file was left behind");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        JsonElement disk = json.RootElement.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "d0");
        byte[] expected = new byte[64 * 512];
        expected.AsSpan(0, 4096).Fill(0x5a);
        Assert.Equal(Fnv1a64(expected), disk.GetProperty("digest").GetString());
    }

    // The result's device digest (docs/SCENARIOS.md): FNV-1a 64 of every byte, as 16 lower-case hex digits.
    private static string Fnv1a64(byte[] bytes)
    {
        ulong hash = 0xcbf29ce484222325;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 0x100000001b3;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task WithExitWithParent_TheServerStopsOnceItsParentHasExited()
    {
        using var dir = new TempDir();
        string socket = NbdScenario.Socket(dir);
        string scenario = NbdScenario.WriteFaultTables(dir, 2048);
        string errors = dir.File("stderr.txt");
        string pidFile = dir.File("pid.txt");
        // A shell starts the server in the background, notes its pid, waits for its socket (so the server has started and
        // noted its parent) and exits: the server is orphaned.
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("dotnet \"$0\" nbd \"$1\" --export disk=d0 --unix \"$2\" --exit-with-parent < /dev/null > /dev/null 2> \"$3\" & echo $! > \"$4\"; n=0; while [ ! -S \"$2\" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n+1)); done");
        foreach (string argument in new[] { Repo.ToolDll(), scenario, socket, errors, pidFile })
        {
            start.ArgumentList.Add(argument);
        }

        using (var shell = System.Diagnostics.Process.Start(start)!)
        {
            Assert.True(shell.WaitForExit(40_000), "the launching shell did not exit (the server never made its socket)");
        }

        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            while (!Exited(pid) && stopped.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }

            Assert.True(Exited(pid), $"the orphaned server (pid {pid}) was still running after 15 s; its stderr: {File.ReadAllText(errors)}");
            Assert.Contains("the parent process exited (--exit-with-parent); stopping", File.ReadAllText(errors), StringComparison.Ordinal);
            Assert.False(File.Exists(socket), "the Unix socket was left behind");
        }
        finally
        {
            if (!Exited(pid))
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
        }
    }

    private static bool Exited(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process any more
        }
    }
}
