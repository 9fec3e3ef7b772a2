using DmIo.Cli.Tests.Nbd.Support;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd;

/// <summary>Faults injected over the control channel, as qemu-io sees them through <c>dmio-sim nbd</c>.</summary>
public sealed class NbdFaultTests
{
    private const int Sectors = 2048;

    [Fact]
    public async Task ARuleFailingOneSector_FailsExactlyTheReadsThatCoverIt_UntilRemoved()
    {
        const int bad = 777;
        using var dir = new TempDir();
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, Sectors), "--export", "r=r", "--unix", NbdScenario.Socket(dir));
        string uri = server.Uri("r");
        await server.SendOkAsync(NbdScenario.Inject("r", $"add name=bad op=read sectors={bad}-{bad} action=fail:ioerr"));

        await NbdClients.QemuIoFails(uri, $"read {bad * 512} 512", "read failed: Input/output error");
        await NbdClients.QemuIoOk(uri, $"read {(bad - 1) * 512} 512", $"read {(bad + 1) * 512} 512");
        await NbdClients.QemuIoFails(uri, $"read {(bad - 60) * 512} 65536", "read failed: Input/output error");

        await server.SendOkAsync(NbdScenario.Inject("r", "remove bad"));
        await NbdClients.QemuIoOk(uri, $"read {bad * 512} 512", $"read {(bad - 60) * 512} 65536");
    }

    [Fact]
    public async Task ADustBadBlock_FailsReads_UntilAWriteClearsIt()
    {
        const int block = 300;
        using var dir = new TempDir();
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, Sectors), "--export", "du=du", "--unix", NbdScenario.Socket(dir));
        string uri = server.Uri("du");
        await server.SendOkAsync(NbdScenario.Inject("du", $"addbadblock {block}"));
        await server.SendOkAsync(NbdScenario.Inject("du", "enable"));

        await NbdClients.QemuIoFails(uri, $"read {block * 512} 512", "read failed: Input/output error");
        await NbdClients.QemuIoOk(uri, $"read {(block + 1) * 512} 512");

        string output = await NbdClients.QemuIoOk(uri, $"write -P 0xc3 {block * 512} 512", $"read -P 0xc3 {block * 512} 512");
        Assert.Contains($"read 512/512 bytes at offset {block * 512}", output, StringComparison.Ordinal);
        await NbdClients.QemuIoOk(uri, $"read -P 0xc3 {block * 512} 512");
    }

    [Fact]
    public async Task ANospcRule_FailsQemuWrites_WithNoSpaceLeftOnDevice()
    {
        using var dir = new TempDir();
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, Sectors), "--export", "r=r", "--unix", NbdScenario.Socket(dir));
        string uri = server.Uri("r");
        await server.SendOkAsync(NbdScenario.Inject("r", "add name=full op=write sectors=1024-2047 action=fail:nospc"));

        await NbdClients.QemuIoFails(uri, "write -P 0x11 524288 4096", "write failed: No space left on device");
        await NbdClients.QemuIoOk(uri, "write -P 0x11 0 4096", "read -P 0x11 0 4096");
    }
}
