using DmIo.Nbd.Exports;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests;

/// <summary>Transmission: data round trips, error replies, staying in step, ordering, disconnects.</summary>
public sealed class TransmissionTests
{
    private static MemoryTestExport Disk(CompletionMode mode = CompletionMode.Inline, NbdBlockSizes? sizes = null)
    {
        var disk = new MemoryTestExport("disk", 1 << 20, blockSizes: sizes) { Mode = mode };
        disk.Fill(i => (byte)(i % 253));
        return disk;
    }

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 13) + seed)).ToArray();

    [Theory]
    [InlineData(false, CompletionMode.Inline)]
    [InlineData(true, CompletionMode.Inline)]
    [InlineData(false, CompletionMode.ThreadPool)]
    [InlineData(true, CompletionMode.ThreadPool)]
    public async Task WriteThenRead_RoundTrips(bool structured, CompletionMode mode)
    {
        var disk = Disk(mode);
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured);
        byte[] data = Pattern(65536, 5);

        await client.SendRequestAsync(1, 10, 4096, 65536, payload: data);
        var written = await client.ReadReplyAsync();
        await client.SendRequestAsync(0, 11, 4096, 65536);
        var read = await client.ReadReplyAsync(65536);

        Assert.Equal((10ul, 0), (written.Cookie, written.Errno));
        Assert.Equal((11ul, 0), (read.Cookie, read.Errno));
        Assert.Equal(data, read.Data);
        Assert.Equal(data, disk.Data.AsSpan(4096, 65536).ToArray());
        if (structured)
        {
            Assert.Equal((0, (ushort)1), (written.ChunkType, written.ChunkFlags));
            Assert.Equal((1, (ushort)1, (ulong?)4096ul), (read.ChunkType, read.ChunkFlags, read.Offset));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FlushTrimAndWriteZeroes_Succeed_AndZero(bool structured)
    {
        var disk = Disk();
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured);

        await client.SendRequestAsync(3, 1, 0, 0);
        await client.SendRequestAsync(4, 2, 0, 4096);
        await client.SendRequestAsync(6, 3, 8192, 4096, flags: 2 | 1);
        var replies = new[] { await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync() };

        Assert.Equal([1ul, 2ul, 3ul], replies.Select(reply => reply.Cookie));
        Assert.All(replies, reply => Assert.Equal(0, reply.Errno));
        Assert.All(replies, reply => Assert.Equal(structured ? 0 : -1, reply.ChunkType));
        Assert.All(disk.Data.AsSpan(0, 4096).ToArray(), b => Assert.Equal(0, b));
        Assert.All(disk.Data.AsSpan(8192, 4096).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(NbdCommandFlags.Fua | NbdCommandFlags.NoHole, disk.Calls.Single(io => io.Cookie == 3).Flags);
    }

    [Fact]
    public async Task FailedRead_Simple_IsTheErrnoWithoutData_AndTheNextRequestWorks()
    {
        var disk = Disk();
        disk.FailReadsAt = 5000;
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);

        await client.SendRequestAsync(0, 1, 4096, 4096);
        var failed = await client.ReadReplyAsync(4096);
        await client.SendRequestAsync(0, 2, 0, 16);
        var next = await client.ReadReplyAsync(16);

        Assert.Equal((1ul, 5), (failed.Cookie, failed.Errno));
        Assert.Empty(failed.Data);
        Assert.Equal((2ul, 0), (next.Cookie, next.Errno));
        Assert.Equal(disk.Data[..16], next.Data);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(61, 5)]
    [InlineData(30, 1)]
    [InlineData(122, 28)]
    [InlineData(95, 95)]
    public async Task FailedRead_Structured_IsAnErrorChunk_WithTheMappedErrno_AndTheExportsMessage(int exportErrno, int wireErrno)
    {
        var disk = Disk();
        disk.FailReadsAt = 5000;
        disk.FailErrno = exportErrno;
        disk.FailMessage = $"dm-flakey said errno {exportErrno}";
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: true);

        await client.SendRequestAsync(0, 7, 4096, 4096);
        var failed = await client.ReadReplyAsync();

        Assert.Equal((7ul, 0x8001, (ushort)1), (failed.Cookie, failed.ChunkType, failed.ChunkFlags));
        Assert.Equal(wireErrno, failed.Errno);
        Assert.Equal($"dm-flakey said errno {exportErrno}", failed.Message);
    }

    [Fact]
    public async Task ExportThatThrows_IsAnsweredEio_AndTheConnectionGoesOn()
    {
        var disk = Disk();
        disk.ThrowOnSubmit = true;
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: true);

        await client.SendRequestAsync(0, 1, 0, 512);
        var failed = await client.ReadReplyAsync();
        disk.ThrowOnSubmit = false;
        await client.SendRequestAsync(0, 2, 0, 512);
        var next = await client.ReadReplyAsync();

        Assert.Equal((1ul, 5), (failed.Cookie, failed.Errno));
        Assert.Contains("injected Submit failure", failed.Message, StringComparison.Ordinal);
        Assert.Equal((2ul, 0), (next.Cookie, next.Errno));
    }

    [Fact]
    public async Task OversizedWrite_HasItsPayloadSkipped_SoTheNextRequestIsReadInStep()
    {
        var disk = Disk(sizes: new NbdBlockSizes(1, 4096, 65536));
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);

        // The payload is full of valid read requests: a server that did not skip it would answer them.
        byte[] decoys = Wire.Concat(Enumerable.Range(0, 131072 / 28).Select(i => Wire.Request(0, 1000 + (ulong)i, 0, 1)).Append(new byte[131072 % 28]).ToArray());
        await client.SendRequestAsync(1, 1, 0, 131072, payload: decoys);
        var refused = await client.ReadReplyAsync();
        await client.SendRequestAsync(0, 2, 100, 3);
        var next = await client.ReadReplyAsync(3);

        Assert.Equal((1ul, 75), (refused.Cookie, refused.Errno));
        Assert.Equal((2ul, 0), (next.Cookie, next.Errno));
        Assert.Equal(disk.Data[100..103], next.Data);
        Assert.Equal(1, disk.SubmitCount);
    }

    [Fact]
    public async Task WriteTooLongToSkip_ClosesTheConnection()
    {
        var disk = Disk();
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);

        await client.SendRequestAsync(1, 1, 0, (64u * 1024 * 1024) + 1);

        byte[] rest = await client.ExpectClosedAsync("a write of 64 MiB + 1 cannot be skipped");
        Assert.Empty(rest);
        Assert.Equal(0, disk.SubmitCount);
    }

    [Fact]
    public async Task BadRequestMagic_ClosesTheConnection()
    {
        var disk = Disk();
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: true);

        await client.SendRequestAsync(0, 1, 0, 512, magic: 0x25609514);

        await client.ExpectClosedAsync("the request magic was wrong");
        Assert.Equal(0, disk.SubmitCount);
        await Within.Until(() => server.Log.Text.Contains("request magic", StringComparison.Ordinal), "the log names the bad magic");
    }

    [Fact]
    public async Task Disconnect_SendsTheRepliesInFlight_ThenCloses()
    {
        var disk = Disk(CompletionMode.Held);
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);

        await client.SendRequestAsync(0, 1, 0, 512);
        await client.SendRequestAsync(0, 2, 512, 512);
        await client.SendRequestAsync(2, 3, 0, 0);
        await Within.Until(() => disk.HeldCount == 2, "both reads reach the export");
        await Task.Delay(100);
        disk.ReleaseHeld();
        byte[] rest = await client.ExpectClosedAsync("NBD_CMD_DISC was sent");

        Assert.Equal(2 * (16 + 512), rest.Length);
        Assert.Equal(1ul, Wire.ReadU64(rest, 8));
        Assert.Equal(2ul, Wire.ReadU64(rest, 16 + 512 + 8));
        Assert.Equal(disk.Data[512..1024], rest[(16 + 512 + 16)..]);
    }

    [Fact]
    public async Task Replies_GoOutInCompletionOrder_MatchedByCookie()
    {
        var disk = Disk(CompletionMode.Held);
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: true);

        for (ulong cookie = 1; cookie <= 4; cookie++)
        {
            await client.SendRequestAsync(0, cookie, cookie * 4096, 1024);
        }

        await Within.Until(() => disk.HeldCount == 4, "four reads reach the export");
        disk.ReleaseHeld(all => all.Reverse());
        var replies = new List<TransmissionReply>();
        for (int i = 0; i < 4; i++)
        {
            replies.Add(await client.ReadReplyAsync());
        }

        Assert.Equal([4ul, 3ul, 2ul, 1ul], replies.Select(reply => reply.Cookie));
        Assert.All(replies, reply => Assert.Equal(disk.Data.AsSpan((int)reply.Cookie * 4096, 1024).ToArray(), reply.Data));
    }

    [Fact]
    public async Task AbruptDisconnect_WithRequestsInFlight_WaitsForTheExport_AndTheNextClientIsServed()
    {
        var disk = Disk(CompletionMode.Held);
        await using var server = TestServer.Start(disk);
        var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);
        await client.SendRequestAsync(0, 1, 0, 65536);
        await client.SendRequestAsync(1, 2, 0, 512, payload: new byte[512]);
        await Within.Until(() => disk.HeldCount == 2, "both requests reach the export");

        await client.DisposeAsync();
        await Task.Delay(200);
        int openWhileHeld = server.Server.ConnectionCount;
        disk.ReleaseHeld();
        await Within.Until(() => server.Server.ConnectionCount == 0, "the connection ends once the export completed");
        disk.Mode = CompletionMode.Inline;
        await using var next = await server.ConnectAsync();
        await next.NegotiateAsync("disk", structured: false);
        await next.SendRequestAsync(0, 3, 0, 16);
        var reply = await next.ReadReplyAsync(16);

        Assert.Equal(1, openWhileHeld);
        Assert.Equal((3ul, 0), (reply.Cookie, reply.Errno));
    }

    [Fact]
    public async Task TrimLongerThanTheMaximum_GoesToTheExportInPieces_AndIsAnsweredOnce()
    {
        var disk = Disk(sizes: new NbdBlockSizes(512, 4096, 65536));
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: true);

        await client.SendRequestAsync(4, 1, 4096, 200704);
        var trimmed = await client.ReadReplyAsync();
        await client.SendRequestAsync(0, 2, 0, 512);
        var next = await client.ReadReplyAsync();

        Assert.Equal((1ul, 0, 0), (trimmed.Cookie, trimmed.Errno, trimmed.ChunkType));
        Assert.Equal(2ul, next.Cookie);
        var pieces = disk.Calls.Where(io => io.Cookie == 1).ToList();
        Assert.Equal([65536, 65536, 65536, 4096], pieces.Select(io => io.Length));
        Assert.Equal([4096L, 69632L, 135168L, 200704L], pieces.Select(io => io.Offset));
        Assert.Empty(disk.Violations);
    }

    [Fact]
    public async Task ManyRequestsInFlight_AllGetTheirOwnReply()
    {
        var disk = Disk(CompletionMode.ThreadPool);
        await using var server = TestServer.Start(disk);
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: true);
        var expected = new Dictionary<ulong, byte[]>();

        for (ulong cookie = 0; cookie < 128; cookie++)
        {
            int offset = (int)cookie * 8192;
            await client.SendRequestAsync(0, cookie, (ulong)offset, 8192);
            expected[cookie] = disk.Data.AsSpan(offset, 8192).ToArray();
        }

        for (int i = 0; i < 128; i++)
        {
            var reply = await client.ReadReplyAsync();
            Assert.True(expected.Remove(reply.Cookie, out var data), $"cookie {reply.Cookie} answered twice or never asked");
            Assert.Equal(data, reply.Data);
        }

        Assert.Empty(expected);
        Assert.Empty(disk.Violations);
    }
}
