using DmIo.Nbd.Exports;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests;

/// <summary>Requests the server must refuse with an errno before the export sees them, keeping the connection usable.</summary>
public sealed class RequestCheckTests
{
    private const int Size = 1 << 20;
    private const NbdExportFeatures All = NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.Trim | NbdExportFeatures.WriteZeroes;
    private const NbdExportFeatures ReadOnlyAll = All | NbdExportFeatures.ReadOnly;

    public static TheoryData<string, NbdExportFeatures, bool, ushort, ushort, ulong, uint, int> Refusals => new()
    {
        { "NBD_CMD_CACHE", All, false, 5, 0, 0, 512, 22 },
        { "NBD_CMD_BLOCK_STATUS", All, true, 7, 0, 0, 512, 22 },
        { "an unknown command", All, false, 99, 0, 0, 512, 22 },
        { "TRIM not advertised", NbdExportFeatures.None, false, 4, 0, 0, 512, 22 },
        { "WRITE_ZEROES not advertised", NbdExportFeatures.None, false, 6, 0, 0, 512, 22 },
        { "FLUSH not advertised", NbdExportFeatures.None, false, 3, 0, 0, 0, 22 },
        { "an unknown flag bit", All, false, 0, 0x20, 0, 512, 22 },
        { "REQ_ONE outside block status", All, true, 0, 8, 0, 512, 22 },
        { "FAST_ZERO (not advertised)", All, false, 6, 16, 0, 512, 22 },
        { "FUA not advertised", NbdExportFeatures.None, false, 1, 1, 0, 512, 22 },
        { "NO_HOLE on a write", All, false, 1, 2, 0, 512, 22 },
        { "DF without structured replies", All, false, 0, 4, 0, 512, 22 },
        { "DF on a write", All, true, 1, 4, 0, 512, 22 },
        { "a write to a read-only export", ReadOnlyAll, false, 1, 0, 0, 512, 1 },
        { "a trim of a read-only export", ReadOnlyAll, false, 4, 0, 0, 512, 1 },
        { "write-zeroes on a read-only export", ReadOnlyAll, false, 6, 0, 0, 512, 1 },
        { "a read past the end", All, false, 0, 0, Size - 512, 1024, 22 },
        { "a read starting past the end", All, false, 0, 0, Size + 512, 512, 22 },
        { "a read whose offset + length overflows", All, false, 0, 0, ulong.MaxValue - 511, 1024, 22 },
        { "a trim past the end", All, false, 4, 0, Size - 512, 1024, 22 },
        { "a write past the end", All, false, 1, 0, Size - 512, 1024, 28 },
        { "write-zeroes past the end", All, false, 6, 0, Size, 512, 28 },
        { "a read of length 0", All, false, 0, 0, 0, 0, 22 },
        { "a write of length 0", All, false, 1, 0, 0, 0, 22 },
        { "a trim of length 0", All, false, 4, 0, 0, 0, 22 },
        { "write-zeroes of length 0", All, false, 6, 0, 0, 0, 22 },
        { "a flush with an offset", All, false, 3, 0, 512, 0, 22 },
        { "a flush with a length", All, false, 3, 0, 0, 512, 22 },
        { "a read longer than the maximum", All, false, 0, 0, 0, 131072, 75 },
        { "a write longer than the maximum", All, false, 1, 0, 0, 131072, 75 },
        { "a misaligned offset", All, false, 0, 0, 100, 512, 22 },
        { "a misaligned length", All, false, 1, 0, 0, 100, 22 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_WithTheErrno_WithoutCallingTheExport_AndTheConnectionGoesOn(
        string what, NbdExportFeatures features, bool structured, ushort type, ushort flags, ulong offset, uint length, int errno)
    {
        var disk = new MemoryTestExport("disk", Size, features, new NbdBlockSizes(512, 4096, 65536));
        disk.Fill(i => (byte)(i % 251));
        await using var server = TestServer.Start(new TestCatalog(disk));
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured);

        byte[]? payload = type == 1 ? new byte[length] : null;
        await client.SendRequestAsync(type, 1, offset, length, flags, payload);
        var refusal = await client.ReadReplyAsync(0);
        await client.SendRequestAsync(0, 2, 512, 512);
        var next = await client.ReadReplyAsync(512);

        Assert.True(refusal.Errno == errno, $"{what}: errno {refusal.Errno}, expected {errno}");
        Assert.Equal(1ul, refusal.Cookie);
        Assert.Equal(0, disk.Calls.Count(io => io.Cookie == 1));
        Assert.Equal(2ul, next.Cookie);
        Assert.Equal(0, next.Errno);
        Assert.Equal(disk.Data.AsSpan(512, 512).ToArray(), next.Data);
        if (structured)
        {
            Assert.Equal(0x8001, refusal.ChunkType);
            Assert.False(string.IsNullOrEmpty(refusal.Message), $"{what}: the error chunk has no message");
        }
    }

    [Fact]
    public async Task ReadingTheLastUnalignedBlock_IsAllowed()
    {
        var disk = new MemoryTestExport("disk", 1000, NbdExportFeatures.None, new NbdBlockSizes(512, 512, 65536));
        disk.Fill(i => (byte)i);
        await using var server = TestServer.Start(new TestCatalog(disk));
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);

        await client.SendRequestAsync(0, 1, 512, 488);
        var reply = await client.ReadReplyAsync(488);

        Assert.Equal(0, reply.Errno);
        Assert.Equal(disk.Data[512..], reply.Data);
    }
}
