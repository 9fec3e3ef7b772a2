using System.Text.Json;
using DmIo.Cli.Tests.Nbd.Support;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd;

/// <summary><c>dmio-sim nbd</c> as Debian's nbdinfo, nbdcopy and qemu-io see it.</summary>
public sealed class NbdRealClientTests
{
    [Fact]
    public async Task Nbdinfo_ListsEveryExportWithItsSize_AndTheLogicalBlockSizeAsMinimum()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("sizes.json", """
            {"format":1,"name":"sizes","seed":1,"devices":[
              {"name":"big","backend":"memory","sectors":4096,"limits":{"logical_block_size":4096}},
              {"name":"small","backend":"memory","sectors":1000},
              {"name":"part","table":["0 600 linear small 100"]}
            ],"steps":[]}
            """);
        await using var server = await NbdServerProcess.StartAsync(scenario, "--export", "b=big", "--export", "s=small", "--export", "p=part", "--unix", NbdScenario.Socket(dir));

        var (exit, output, errors) = await NbdClients.Nbdinfo("--list", "--json", "--no-content", server.Uri("b"));
        Assert.True(exit == 0, $"nbdinfo --list failed ({exit}): {errors}; server: {server.Errors}");
        using var list = JsonDocument.Parse(output);
        var exports = list.RootElement.GetProperty("exports").EnumerateArray()
            .ToDictionary(e => e.GetProperty("export-name").GetString()!, e => e.GetProperty("export-size").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["b"] = 4096 * 512, ["s"] = 1000 * 512, ["p"] = 600 * 512 }, exports);

        Assert.Equal(4096, await MinimumBlockSize(server.Uri("b")));
        Assert.Equal(512, await MinimumBlockSize(server.Uri("s")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nbdcopy_InAndOut_GivesBackTheSameBytes(bool tcp)
    {
        using var dir = new TempDir();
        var random = new Random();
        int size = random.Next(8 * 16, 32 * 16 + 1) * 65536; // 8-32 MiB
        byte[] content = new byte[size];
        random.NextBytes(content);
        string input = dir.File("in.bin");
        string output = dir.File("out.bin");
        await File.WriteAllBytesAsync(input, content);
        string scenario = dir.Write("copy.json", $$"""{"format":1,"name":"copy","seed":1,"devices":[{"name":"d0","backend":"memory","sectors":{{size / 512}}}],"steps":[]}""");
        string[] listen = tcp ? ["--listen", "127.0.0.1:0"] : ["--unix", NbdScenario.Socket(dir)];
        await using var server = await NbdServerProcess.StartAsync([scenario, "--export", "disk=d0", .. listen]);
        string uri = server.Uri("disk");
        if (tcp)
        {
            // Port 0 asks for any port: the serving line must name the one bound, not 0.
            Assert.Matches(@"^nbd://127\.0\.0\.1:[1-9][0-9]*/disk$", uri);
        }

        // 4 MiB requests: each becomes several bios of at most 256 pages, so the split is exercised too.
        var copyIn = await NbdClients.Nbdcopy("--request-size=4194304", input, uri);
        Assert.True(copyIn.ExitCode == 0, $"nbdcopy in failed ({copyIn.ExitCode}): {copyIn.Errors}; server: {server.Errors}");
        var copyOut = await NbdClients.Nbdcopy("--request-size=4194304", uri, output);
        Assert.True(copyOut.ExitCode == 0, $"nbdcopy out failed ({copyOut.ExitCode}): {copyOut.Errors}; server: {server.Errors}");

        byte[] back = await File.ReadAllBytesAsync(output);
        Assert.Equal(size, back.Length);
        Assert.True(content.AsSpan().SequenceEqual(back), $"the {size} bytes read back differ from those written");
    }

    [Fact]
    public async Task QemuIo_WritesAPattern_AndReadsItBack()
    {
        using var dir = new TempDir();
        await using var server = await NbdServerProcess.StartAsync(NbdScenario.WriteFaultTables(dir, 2048), "--export", "disk=d0", "--unix", NbdScenario.Socket(dir));

        string output = await NbdClients.QemuIoOk(server.Uri("disk"), "write -P 0x5a 12288 65536", "read -P 0x5a 12288 65536", "read -P 0 0 12288");

        Assert.Contains("read 65536/65536 bytes at offset 12288", output, StringComparison.Ordinal);
        Assert.Contains("read 12288/12288 bytes at offset 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QemuImg_SeesTheSize_ConvertsAnImageOntoTheExport_AndComparesItEqual()
    {
        using var dir = new TempDir();
        byte[] content = new byte[4 << 20];
        new Random(16).NextBytes(content);
        string image = dir.File("image.raw");
        await File.WriteAllBytesAsync(image, content);
        string scenario = dir.Write("img.json", $$"""{"format":1,"name":"img","seed":1,"devices":[{"name":"d0","backend":"memory","sectors":{{content.Length / 512}}}],"steps":[]}""");
        await using var server = await NbdServerProcess.StartAsync(scenario, "--export", "disk=d0", "--unix", NbdScenario.Socket(dir));
        string uri = server.Uri("disk");

        var info = await NbdClients.QemuImg("info", "--output=json", uri);
        Assert.True(info.ExitCode == 0, $"qemu-img info failed ({info.ExitCode}): {info.Errors}");
        using (var json = JsonDocument.Parse(info.Output))
        {
            Assert.Equal(content.Length, json.RootElement.GetProperty("virtual-size").GetInt64());
        }

        // -n: the export exists already (qemu-img would otherwise try to create it).
        var convert = await NbdClients.QemuImg("convert", "-n", "-f", "raw", "-O", "raw", image, uri);
        Assert.True(convert.ExitCode == 0, $"qemu-img convert failed ({convert.ExitCode}): {convert.Errors}; server: {server.Errors}");
        var compare = await NbdClients.QemuImg("compare", "-f", "raw", "-F", "raw", image, uri);
        Assert.True(compare.ExitCode == 0, $"qemu-img compare found a difference ({compare.ExitCode}): {compare.Output} {compare.Errors}");
    }

    private static async Task<long> MinimumBlockSize(string uri)
    {
        var (exit, output, errors) = await NbdClients.Nbdinfo("--json", "--no-content", uri);
        Assert.True(exit == 0, $"nbdinfo --json {uri} failed ({exit}): {errors}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("exports")[0].GetProperty("block_size_minimum").GetInt64();
    }
}
