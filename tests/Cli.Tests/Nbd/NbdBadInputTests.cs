using System.Net;
using System.Net.Sockets;
using DmIo.Cli.Tests.Nbd.Support;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd;

/// <summary>
/// Inputs <c>dmio-sim nbd</c> must refuse before serving: exit 2, one stderr line naming the problem, no stack trace,
/// no socket file, nothing listening.
/// </summary>
public sealed class NbdBadInputTests
{
    // {socket} is a fresh path in the test's directory, {port} a probed free port; the last field is what the line must name.
    public static TheoryData<string, string> Cases => new()
    {
        { "--unix {socket}", "--export" },
        { "--export x --unix {socket}", "'x'" },
        { "--export a=nosuch --unix {socket}", "nosuch" },
        { "--export a=d0 --export a=r --unix {socket}", "'a'" },
        { "--export a=d0 --listen 0.0.0.0:{port}", "loopback" },
        { "--export a=d0 --listen 127.0.0.1:99999", "99999" },
        { "--export a=d0 --listen 127.0.0.1:{port} --unix {socket}", "--unix" },
        { "--export a=d0 --unix {socket} --trace -", "--trace" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IsRefused_WithOneLine(string arguments, string named)
    {
        using var dir = new TempDir();
        int port = FreePort.Probe();
        string socket = NbdScenario.Socket(dir);
        string[] args = [NbdScenario.WriteFaultTables(dir, 64), .. arguments.Replace("{socket}", socket, StringComparison.Ordinal)
            .Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Split(' ')];

        string errors = await RefusedAsync(args, named);

        Assert.False(File.Exists(socket), $"a socket file was left at {socket}: {errors}");
        Assert.False(FreePort.IsListening(port), $"something listens on {port}");
    }

    [Fact]
    public async Task AUnixPathThatExists_IsRefused_AndLeftAsItWas()
    {
        using var dir = new TempDir();
        string path = dir.Write("taken", "someone's file");

        await RefusedAsync([NbdScenario.WriteFaultTables(dir, 64), "--export", "a=d0", "--unix", path], "taken");

        Assert.Equal("someone's file", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task APortInUse_IsRefused()
    {
        using var dir = new TempDir();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        await RefusedAsync([NbdScenario.WriteFaultTables(dir, 64), "--export", "a=d0", "--listen", $"127.0.0.1:{port}"], $"{port}");

        // The occupant still owns the port: a connection reaches it, not a server left behind.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using Socket accepted = await occupant.AcceptSocketAsync().WaitAsync(NbdServerProcess.Patience);
        Assert.NotNull(accepted);
    }

    private static async Task<string> RefusedAsync(string[] args, string named)
    {
        await using var server = NbdServerProcess.Launch(args);
        int exit = await server.WaitForExitAsync();
        string errors = server.Errors;
        Assert.True(exit == 2, $"exit {exit} for {string.Join(' ', args[1..])}; stderr: {errors}");
        Assert.True(Tool.IsOneLine(errors), $"stderr is not one line: {errors}");
        Assert.Contains(named, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.Empty(server.RemainingLines());
        return errors;
    }
}
