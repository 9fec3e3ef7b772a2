using System.Text.Json;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests.RealClients;

/// <summary>Debian's nbdinfo (libnbd-bin) and qemu-io (qemu-utils) against the server on a Unix socket.</summary>
public sealed class RealClientTests
{
    private static TestServer StartTwoExports(out MemoryTestExport disk)
    {
        disk = new MemoryTestExport("disk", 4 << 20, NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.Trim | NbdExportFeatures.WriteZeroes, new NbdBlockSizes(512, 4096, 1 << 20))
        {
            Description = "the main disk",
            Mode = CompletionMode.ThreadPool,
        };
        var spare = new MemoryTestExport("spare", 1 << 20) { Description = "a spare" };
        return TestServer.Start(new TestCatalog(disk, spare), unixSocket: true);
    }

    private static string Uri(TestServer server, string name) => $"nbd+unix:///{name}?socket={server.SocketPath}";

    [Fact]
    public async Task NbdinfoList_ShowsEveryExportAndItsSize()
    {
        await using var server = StartTwoExports(out _);

        var (exit, output, errors) = await ExternalProgram.RunAsync("nbdinfo", "libnbd-bin", ["--list", "--json", Uri(server, string.Empty)]);

        Assert.True(exit == 0, $"nbdinfo --list failed ({exit}): {errors}");
        using var json = JsonDocument.Parse(output);
        var exports = json.RootElement.GetProperty("exports").EnumerateArray().ToList();
        Assert.Equal(["disk", "spare"], exports.Select(export => export.GetProperty("export-name").GetString()));
        Assert.Equal([4L << 20, 1L << 20], exports.Select(export => export.GetProperty("export-size").GetInt64()));
        Assert.Equal("the main disk", exports[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task NbdinfoJson_ShowsTheBlockSizes_AndFlags()
    {
        await using var server = StartTwoExports(out _);

        var (exit, output, errors) = await ExternalProgram.RunAsync("nbdinfo", "libnbd-bin", ["--json", Uri(server, "disk")]);

        Assert.True(exit == 0, $"nbdinfo --json failed ({exit}): {errors}");
        using var json = JsonDocument.Parse(output);
        var export = json.RootElement.GetProperty("exports")[0];
        Assert.Equal(512, export.GetProperty("block_size_minimum").GetInt64());
        Assert.Equal(4096, export.GetProperty("block_size_preferred").GetInt64());
        Assert.Equal(1 << 20, export.GetProperty("block_size_maximum").GetInt64());
        Assert.True(export.GetProperty("can_flush").GetBoolean(), output);
        Assert.True(export.GetProperty("can_fua").GetBoolean(), output);
        Assert.False(export.GetProperty("is_read_only").GetBoolean(), output);
        Assert.True(json.RootElement.GetProperty("protocol").GetString() == "newstyle-fixed", output);
    }

    [Fact]
    public async Task QemuIo_WritesAPattern_AndReadsItBack()
    {
        await using var server = StartTwoExports(out var disk);

        var (exit, output, errors) = await ExternalProgram.RunAsync("qemu-io", "qemu-utils", ["-f", "raw", "-c", "write -P 0xab 0 64k", "-c", "read -P 0xab 0 64k", "-c", "flush", Uri(server, "disk")]);

        Assert.True(exit == 0, $"qemu-io failed ({exit}): {output} {errors}");
        Assert.DoesNotContain("fail", output + errors, StringComparison.OrdinalIgnoreCase);
        Assert.All(disk.Data.AsSpan(0, 65536).ToArray(), b => Assert.Equal(0xab, b));
        Assert.Empty(disk.Violations);
    }

    [Fact]
    public async Task QemuIo_ReadingAFailingOffset_ReportsAnError()
    {
        await using var server = StartTwoExports(out var disk);
        disk.FailReadsAt = 1 << 20;

        var (exit, output, errors) = await ExternalProgram.RunAsync("qemu-io", "qemu-utils", ["-f", "raw", "-c", "read 1048576 512", Uri(server, "disk")]);

        Assert.True(exit != 0 || (output + errors).Contains("Input/output error", StringComparison.Ordinal), $"qemu-io did not report the failed read ({exit}): {output} {errors}");
        Assert.Contains("Input/output error", output + errors, StringComparison.Ordinal);
    }
}
