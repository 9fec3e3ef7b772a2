using System.Net;
using DmIo.Nbd.Server;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests;

/// <summary>Starting, limiting and stopping the server, and keeping connections independent.</summary>
public sealed class ServerLifecycleTests
{
    private static MemoryTestExport Disk(CompletionMode mode = CompletionMode.Inline) => new("disk", 1 << 20) { Mode = mode };

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Start_OnANonLoopbackAddress_ThrowsNamingIt(string address)
    {
        await using var server = new NbdServer(new TestCatalog(Disk()));
        var endpoint = new IPEndPoint(IPAddress.Parse(address), 0);

        var thrown = Assert.Throws<ArgumentException>(() => server.Start(endpoint));

        Assert.Equal("endpoint", thrown.ParamName);
        Assert.Contains(endpoint.ToString(), thrown.Message, StringComparison.Ordinal);
        Assert.Null(server.LocalEndPoint);
    }

    [Fact]
    public async Task Start_OnPort0_ReturnsTheChosenPort()
    {
        await using var server = new NbdServer(new TestCatalog(Disk()));

        var bound = server.Start(new IPEndPoint(IPAddress.Loopback, 0));

        var ip = Assert.IsType<IPEndPoint>(bound);
        Assert.NotEqual(0, ip.Port);
        Assert.Equal(bound, server.LocalEndPoint);
        await using var client = await RawNbdClient.ConnectAsync(bound);
        var (magic, _, _) = await client.ReadGreetingAsync();
        Assert.Equal(0x4e42444d41474943ul, magic);
    }

    [Fact]
    public async Task ClientsPastMaxConnections_AreClosedAtAccept()
    {
        await using var server = TestServer.Start(new TestCatalog(Disk()), maxConnections: 2);
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();
        await first.ReadGreetingAsync();
        await second.ReadGreetingAsync();

        await using var third = await server.ConnectAsync();
        byte[] sent = await third.ExpectClosedAsync("a third client with MaxConnections 2");

        Assert.Empty(sent);
        Assert.Equal(2, server.Server.ConnectionCount);
        Assert.Equal(2, server.Server.ConnectionsAccepted);
        Assert.Contains("2 connections are open already", server.Log.Text, StringComparison.Ordinal);
        await first.DisposeAsync();
        await Within.Until(() => server.Server.ConnectionCount == 1, "the first connection's end is counted");
        await using var fourth = await server.ConnectAsync();
        await fourth.NegotiateAsync("disk", structured: false);
    }

    [Fact]
    public async Task Stop_ClosesEveryConnection()
    {
        var server = TestServer.Start(new TestCatalog(Disk()));
        await using var inHandshake = await server.ConnectAsync();
        await inHandshake.ReadGreetingAsync();
        await using var inTransmission = await server.ConnectAsync();
        await inTransmission.NegotiateAsync("disk", structured: true);

        await server.DisposeAsync();

        await inHandshake.ExpectClosedAsync("the server stopped");
        await inTransmission.ExpectClosedAsync("the server stopped");
        Assert.Equal(0, server.Server.ConnectionCount);
        Assert.Equal(2, server.Server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Stop_WaitsForTheExportsInFlightCompletions()
    {
        var disk = Disk(CompletionMode.Held);
        var server = TestServer.Start(new TestCatalog(disk));
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync("disk", structured: false);
        await client.SendRequestAsync(0, 1, 0, 4096);
        await Within.Until(() => disk.HeldCount == 1, "the read reaches the export");

        var stop = server.Server.StopAsync();
        await Task.Delay(300);
        bool stoppedBeforeCompletion = stop.IsCompleted;
        disk.ReleaseHeld();
        await Within.Await(stop, "the stop once the export completed");

        Assert.False(stoppedBeforeCompletion, "the server stopped while the export still held a request's buffer");
        await server.DisposeAsync();
    }

    [Fact]
    public async Task UnixSocket_IsServed_AndRemovedOnStop()
    {
        var server = TestServer.Start(new TestCatalog(Disk()), unixSocket: true);
        string path = server.SocketPath;
        await using (var client = await server.ConnectAsync())
        {
            var (size, _) = await client.NegotiateAsync("disk", structured: false);
            Assert.Equal(1ul << 20, size);
            Assert.True(File.Exists(path), "the socket file exists while serving");
        }

        await server.Server.StopAsync();

        Assert.False(File.Exists(path), "the socket file is gone after the stop");
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ABadClient_DoesNotDisturbAnother()
    {
        var disk = Disk();
        disk.Fill(i => (byte)(i * 3));
        await using var server = TestServer.Start(new TestCatalog(disk));
        await using var good = await server.ConnectAsync();
        await good.NegotiateAsync("disk", structured: true);
        await using var bad = await server.ConnectAsync();
        await bad.NegotiateAsync("disk", structured: false);

        await bad.SendAsync(new byte[64]);
        await bad.ExpectClosedAsync("garbage instead of a request");
        await good.SendRequestAsync(0, 1, 30, 3);
        var reply = await good.ReadReplyAsync();

        Assert.Equal(disk.Data[30..33], reply.Data);
        // The bad connection is counted until its task ends, a moment after its socket closed.
        await Within.Until(() => server.Server.ConnectionCount == 1, "only the good connection is open");
    }

    [Fact]
    public async Task TheLog_HasALinePerEvent()
    {
        await using var server = TestServer.Start(new TestCatalog(Disk()));
        await using (var client = await server.ConnectAsync())
        {
            await client.NegotiateAsync("disk", structured: true);
            await client.SendRequestAsync(0, 1, 0, 512);
            await client.ReadReplyAsync();
            await client.SendRequestAsync(2, 2, 0, 0);
            await client.ExpectClosedAsync("NBD_CMD_DISC was sent");
        }

        await Within.Until(() => server.Log.Text.Contains("closed after", StringComparison.Ordinal), "the close is logged");
        string log = server.Log.Text;
        Assert.Contains("connection 1: accepted from", log, StringComparison.Ordinal);
        Assert.Contains("connection 1: export 'disk' chosen, structured replies", log, StringComparison.Ordinal);
        Assert.Contains("connection 1: closed after 2 requests: the client sent NBD_CMD_DISC", log, StringComparison.Ordinal);
    }
}
