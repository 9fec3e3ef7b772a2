using DmIo.Nbd.Exports;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests;

/// <summary>The fixed newstyle handshake, byte for byte, including the paths of bad clients.</summary>
public sealed class HandshakeTests
{
    private static MemoryTestExport Disk(string name = "disk", int size = 1 << 20) => new(name, size) { Description = $"{name} for tests" };

    [Fact]
    public async Task Greeting_IsNbdMagic_IHaveOpt_AndFixedNewstyleWithNoZeroes()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();

        var (magic, optionMagic, flags) = await client.ReadGreetingAsync();

        Assert.Equal(0x4e42444d41474943ul, magic);
        Assert.Equal(0x49484156454F5054ul, optionMagic);
        Assert.Equal(3, flags);
    }

    [Fact]
    public async Task ClientWithoutFixedNewstyle_IsClosed_AndTheLogSaysFixedNewstyleOnly()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();

        await client.StartHandshakeAsync(clientFlags: RawNbdClient.NoZeroes);

        await client.ExpectClosedAsync("the client did not set FIXED_NEWSTYLE");
        await Within.Until(() => server.Log.Text.Contains("fixed newstyle only", StringComparison.Ordinal), "the log explains the close");
    }

    [Fact]
    public async Task ClientWithUnknownFlags_IsClosed()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();

        await client.ReadGreetingAsync();

        // A valid NBD_OPT_LIST follows the flags: a server that let the flags pass would answer it.
        await client.SendAsync(Wire.U32(RawNbdClient.FixedNewstyle | 4), Wire.U64(0x49484156454F5054), Wire.U32(3), Wire.U32(0));

        byte[] answered = await client.ExpectClosedAsync("the client set an unknown flag");
        Assert.Empty(answered);
    }

    [Fact]
    public async Task List_SendsOneServerReplyPerExport_ThenAck()
    {
        await using var server = TestServer.Start(new TestCatalog(Disk("first"), Disk("second")));
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(3);
        var replies = await client.ReadOptionRepliesAsync();

        Assert.Equal(3, replies.Count);
        Assert.All(replies, reply => Assert.Equal(0x3e889045565a9ul, reply.Magic));
        Assert.All(replies, reply => Assert.Equal(3u, reply.Option));
        Assert.Equal([RawNbdClient.RepServer, RawNbdClient.RepServer, RawNbdClient.RepAck], replies.Select(reply => reply.Type));
        Assert.Equal(Wire.Concat(Wire.U32(5), Wire.Text("first"), Wire.Text("first for tests")), replies[0].Data);
        Assert.Equal(Wire.Concat(Wire.U32(6), Wire.Text("second"), Wire.Text("second for tests")), replies[1].Data);
        Assert.Empty(replies[2].Data);
    }

    [Fact]
    public async Task List_WithData_IsInvalid_AndTheHandshakeGoesOn()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(3, [1, 2, 3]);
        var reply = await client.ReadOptionReplyAsync();
        await client.SendOptionAsync(3);
        var list = await client.ReadOptionRepliesAsync();

        Assert.Equal(RawNbdClient.ErrInvalid, reply.Type);
        Assert.Equal(RawNbdClient.RepAck, list[^1].Type);
    }

    [Fact]
    public async Task Info_SendsExport_Name_Description_AndBlockSize_ThenAck_AndGoStillWorks()
    {
        var disk = new MemoryTestExport("disk", 1 << 20, NbdExportFeatures.Flush | NbdExportFeatures.MultiConn, new(512, 4096, 65536)) { Description = "the description" };
        await using var server = TestServer.Start(new TestCatalog(disk));
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(6, Wire.InfoRequest("disk", 1, 2));
        var replies = await client.ReadOptionRepliesAsync();

        Assert.Equal(5, replies.Count);
        Assert.All(replies, reply => Assert.Equal(6u, reply.Option));
        Assert.Equal(Wire.Concat(Wire.U16(0), Wire.U64(1 << 20), Wire.U16(1 | 4 | 256)), replies[0].Data);
        Assert.Equal(Wire.Concat(Wire.U16(1), Wire.Text("disk")), replies[1].Data);
        Assert.Equal(Wire.Concat(Wire.U16(2), Wire.Text("the description")), replies[2].Data);
        Assert.Equal(Wire.Concat(Wire.U16(3), Wire.U32(512), Wire.U32(4096), Wire.U32(65536)), replies[3].Data);
        Assert.Equal(RawNbdClient.RepAck, replies[4].Type);

        await client.SendOptionAsync(7, Wire.InfoRequest("disk"));
        var go = await client.ReadOptionRepliesAsync();
        Assert.Equal(RawNbdClient.RepAck, go[^1].Type);
    }

    [Fact]
    public async Task Go_WithoutInfoRequests_StillSendsTheBlockSize_AndEntersTransmission()
    {
        var disk = Disk();
        disk.Fill(i => (byte)i);
        await using var server = TestServer.Start(new TestCatalog(disk));
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(7, Wire.InfoRequest("disk"));
        var replies = await client.ReadOptionRepliesAsync();

        Assert.Equal([0, 3], replies.Where(reply => reply.Type == RawNbdClient.RepInfo).Select(reply => (int)Wire.ReadU16(reply.Data, 0)));
        Assert.Equal(RawNbdClient.RepAck, replies[^1].Type);
        await client.SendRequestAsync(0, 1, 256, 4);
        var read = await client.ReadReplyAsync(4);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, read.Data);
    }

    [Fact]
    public async Task Go_ForAnUnknownName_IsErrUnknown_WithAMessage_AndTheHandshakeGoesOn()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(7, Wire.InfoRequest("nope"));
        var reply = await client.ReadOptionReplyAsync();
        await client.SendOptionAsync(7, Wire.InfoRequest("disk"));
        var go = await client.ReadOptionRepliesAsync();

        Assert.Equal(RawNbdClient.ErrUnknown, reply.Type);
        Assert.Contains("nope", reply.Text, StringComparison.Ordinal);
        Assert.Equal(RawNbdClient.RepAck, go[^1].Type);
    }

    [Fact]
    public async Task Go_WithTheEmptyName_GetsTheDefaultExport()
    {
        await using var server = TestServer.Start(new TestCatalog([Disk("a", 4096), Disk("b", 8192)], Disk("b", 8192)));
        await using var client = await server.ConnectAsync();

        var (size, _) = await client.NegotiateAsync(string.Empty, structured: false);

        Assert.Equal(8192ul, size);
    }

    [Fact]
    public async Task Go_WithTheEmptyName_AndNoDefault_IsErrUnknown()
    {
        await using var server = TestServer.Start(new TestCatalog([Disk()], null));
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(7, Wire.InfoRequest(string.Empty));
        var reply = await client.ReadOptionReplyAsync();

        Assert.Equal(RawNbdClient.ErrUnknown, reply.Type);
        Assert.Contains("no default export", reply.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> MalformedInfoRequests => new()
    {
        { "too short for the counts", [0, 0, 0] },
        { "name length past the data", Wire.Concat(Wire.U32(10), Wire.Text("disk"), Wire.U16(0)) },
        { "one info announced, none sent", Wire.Concat(Wire.U32(4), Wire.Text("disk"), Wire.U16(1)) },
        { "no info announced, one sent", Wire.Concat(Wire.U32(4), Wire.Text("disk"), Wire.U16(0), Wire.U16(3)) },
        { "a stray byte at the end", Wire.Concat(Wire.InfoRequest("disk"), [0]) },
        { "a name that is not UTF-8", Wire.Concat(Wire.U32(2), [0xff, 0xfe], Wire.U16(0)) },
    };

    [Theory]
    [MemberData(nameof(MalformedInfoRequests))]
    public async Task GoAndInfo_WithLengthsThatDoNotAddUp_AreErrInvalid(string why, byte[] data)
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(7, data);
        var go = await client.ReadOptionReplyAsync();
        await client.SendOptionAsync(6, data);
        var info = await client.ReadOptionReplyAsync();

        Assert.True(go.Type == RawNbdClient.ErrInvalid, $"GO with {why} got reply type 0x{go.Type:x}");
        Assert.True(info.Type == RawNbdClient.ErrInvalid, $"INFO with {why} got reply type 0x{info.Type:x}");
    }

    [Fact]
    public async Task StructuredReply_Twice_TheSecondIsErrInvalid_AndWithDataToo()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(8, [0]);
        var withData = await client.ReadOptionReplyAsync();
        await client.SendOptionAsync(8);
        var first = await client.ReadOptionReplyAsync();
        await client.SendOptionAsync(8);
        var second = await client.ReadOptionReplyAsync();

        Assert.Equal(RawNbdClient.ErrInvalid, withData.Type);
        Assert.Equal(RawNbdClient.RepAck, first.Type);
        Assert.Equal(RawNbdClient.ErrInvalid, second.Type);
        Assert.Contains("already negotiated", second.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9u)]
    [InlineData(10u)]
    [InlineData(11u)]
    [InlineData(4u)]
    [InlineData(0xdeadbeefu)]
    public async Task UnsupportedOption_IsErrUnsup_WithItsDataSkipped_ThenGoWorks(uint option)
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(option, Wire.Concat(Wire.U32(4), Wire.Text("disk"), Wire.U32(0)));
        var reply = await client.ReadOptionReplyAsync();
        await client.SendOptionAsync(7, Wire.InfoRequest("disk"));
        var go = await client.ReadOptionRepliesAsync();

        Assert.Equal(option, reply.Option);
        Assert.Equal(RawNbdClient.ErrUnsup, reply.Type);
        Assert.Equal(RawNbdClient.RepAck, go[^1].Type);
    }

    [Fact]
    public async Task StartTls_IsRefusedByPolicy()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(5);
        var reply = await client.ReadOptionReplyAsync();

        Assert.Equal(RawNbdClient.ErrPolicy, reply.Type);
    }

    [Fact]
    public async Task Abort_IsAcked_ThenClosed()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(2);
        var reply = await client.ReadOptionReplyAsync();

        Assert.Equal(2u, reply.Option);
        Assert.Equal(RawNbdClient.RepAck, reply.Type);
        await client.ExpectClosedAsync("after NBD_OPT_ABORT");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExportName_SendsSizeAndFlags_WithZeroPaddingUnlessNoZeroes(bool noZeroes)
    {
        var disk = new MemoryTestExport("disk", 12345, NbdExportFeatures.ReadOnly | NbdExportFeatures.Flush);
        disk.Fill(i => (byte)(i * 7));
        await using var server = TestServer.Start(new TestCatalog(disk));
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync(RawNbdClient.FixedNewstyle | (noZeroes ? RawNbdClient.NoZeroes : 0));

        await client.SendOptionAsync(1, Wire.Text("disk"));
        byte[] reply = await client.ReadExactAsync(noZeroes ? 10 : 134, "the NBD_OPT_EXPORT_NAME reply");

        Assert.Equal(12345ul, Wire.ReadU64(reply, 0));
        Assert.Equal(1 | 2 | 4, Wire.ReadU16(reply, 8));
        Assert.All(reply.Skip(10), b => Assert.Equal(0, b));
        await client.SendRequestAsync(0, 9, 10, 2);
        var read = await client.ReadReplyAsync(2);
        Assert.Equal(9ul, read.Cookie);
        Assert.Equal(new[] { (byte)70, (byte)77 }, read.Data);
    }

    [Fact]
    public async Task ExportName_ForAnUnknownName_Closes()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendOptionAsync(1, Wire.Text("nope"));

        byte[] rest = await client.ExpectClosedAsync("NBD_OPT_EXPORT_NAME named no export");
        Assert.Empty(rest);
    }

    [Fact]
    public async Task OptionLongerThan64KiB_ClosesWithoutReadingIt()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendAsync(Wire.U64(0x49484156454F5054), Wire.U32(3), Wire.U32((64 * 1024) + 1));

        await client.ExpectClosedAsync("the option announced 64 KiB + 1 of data");
    }

    [Fact]
    public async Task OptionWithBadMagic_Closes()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.SendAsync(Wire.U64(0x49484156454F5055), Wire.U32(3), Wire.U32(0));

        await client.ExpectClosedAsync("the option's magic was wrong");
    }

    [Fact]
    public async Task After1024Options_TheServerCloses()
    {
        await using var server = TestServer.Start(Disk());
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();
        var burst = Wire.Concat(Enumerable.Range(0, 1024).Select(_ => Wire.Concat(Wire.U64(0x49484156454F5054), Wire.U32(99), Wire.U32(0))).ToArray());

        await client.SendAsync(burst);
        for (int i = 0; i < 1024; i++)
        {
            var reply = await client.ReadOptionReplyAsync();
            Assert.Equal(RawNbdClient.ErrUnsup, reply.Type);
        }

        await client.ExpectClosedAsync("1024 options were sent");
        await Within.Until(() => server.Log.Text.Contains("more than 1024 options", StringComparison.Ordinal), "the log names the option limit");
    }

    [Fact]
    public async Task SlowHandshake_IsClosedAfterTheHandshakeTimeout()
    {
        await using var server = TestServer.Start(new TestCatalog(Disk()), handshakeTimeout: TimeSpan.FromMilliseconds(300));
        await using var client = await server.ConnectAsync();
        await client.StartHandshakeAsync();

        await client.ExpectClosedAsync("the client sent no option for longer than the handshake timeout", TimeSpan.FromSeconds(5));
        await Within.Until(() => server.Log.Text.Contains("handshake took longer", StringComparison.Ordinal), "the log names the timeout");
    }
}
