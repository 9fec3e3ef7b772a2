using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DmIo.Nbd.Tests.Support;

/// <summary>
/// A scripted client that writes exact bytes and reads exact replies, with every read bounded by a timeout that
/// fails the test naming what was expected.
/// </summary>
internal sealed class RawNbdClient : IAsyncDisposable
{
    public const uint FixedNewstyle = 1;
    public const uint NoZeroes = 2;
    public const uint RepAck = 1;
    public const uint RepServer = 2;
    public const uint RepInfo = 3;
    public const uint ErrUnsup = 0x80000001;
    public const uint ErrPolicy = 0x80000002;
    public const uint ErrInvalid = 0x80000003;
    public const uint ErrUnknown = 0x80000006;

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private RawNbdClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <summary>Whether structured replies were negotiated by <see cref="NegotiateAsync"/>.</summary>
    public bool Structured { get; private set; }

    public static async Task<RawNbdClient> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await Within.Await(socket.ConnectAsync(endPoint), $"a connection to {endPoint}");
        return new RawNbdClient(socket);
    }

    public async Task SendAsync(params byte[][] parts)
    {
        byte[] bytes = Wire.Concat(parts);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await Within.Await(Socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None).AsTask(), "a send to the server");
        }
    }

    public async Task<byte[]> ReadExactAsync(int count, string what)
    {
        var bytes = new byte[count];
        int read = 0;
        using var deadline = new CancellationTokenSource(ReadTimeout);
        try
        {
            while (read < count)
            {
                int received = await Socket.ReceiveAsync(bytes.AsMemory(read), SocketFlags.None, deadline.Token);
                if (received == 0)
                {
                    Assert.Fail($"the server closed the connection after {read} of the {count} bytes of {what}");
                }

                read += received;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"timed out after {ReadTimeout.TotalSeconds} s reading {what} ({read} of {count} bytes came)");
        }

        return bytes;
    }

    /// <summary>Reads until the server closes; fails if it does not within the timeout. Returns what came before.</summary>
    public async Task<byte[]> ExpectClosedAsync(string why, TimeSpan? timeout = null)
    {
        var limit = timeout ?? ReadTimeout;
        using var deadline = new CancellationTokenSource(limit);
        var received = new List<byte>();
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                int count = await Socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (count == 0)
                {
                    return [.. received];
                }

                received.AddRange(buffer.AsSpan(0, count));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server did not close the connection within {limit.TotalSeconds} s ({why}); {received.Count} bytes came");
            throw;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
            return [.. received];
        }
    }

    public async Task<(ulong Magic, ulong OptionMagic, ushort Flags)> ReadGreetingAsync()
    {
        byte[] greeting = await ReadExactAsync(18, "the newstyle greeting");
        return (Wire.ReadU64(greeting, 0), Wire.ReadU64(greeting, 8), Wire.ReadU16(greeting, 16));
    }

    public async Task StartHandshakeAsync(uint clientFlags = FixedNewstyle | NoZeroes)
    {
        await ReadGreetingAsync();
        await SendAsync(Wire.U32(clientFlags));
    }

    public Task SendOptionAsync(uint option, byte[]? data = null)
        => SendAsync(Wire.U64(0x49484156454F5054), Wire.U32(option), Wire.U32((uint)(data?.Length ?? 0)), data ?? []);

    public async Task<OptionReply> ReadOptionReplyAsync()
    {
        byte[] header = await ReadExactAsync(20, "an option reply header");
        uint length = Wire.ReadU32(header, 16);
        Assert.True(length < 1024 * 1024, $"option reply length {length} is implausible");
        byte[] data = await ReadExactAsync((int)length, "an option reply's data");
        return new OptionReply(Wire.ReadU64(header, 0), Wire.ReadU32(header, 8), Wire.ReadU32(header, 12), data);
    }

    /// <summary>Reads option replies up to and including the first that is not NBD_REP_INFO or NBD_REP_SERVER.</summary>
    public async Task<List<OptionReply>> ReadOptionRepliesAsync()
    {
        var replies = new List<OptionReply>();
        while (true)
        {
            var reply = await ReadOptionReplyAsync();
            replies.Add(reply);
            if (reply.Type is not (RepInfo or RepServer))
            {
                return replies;
            }
        }
    }

    /// <summary>Handshakes to transmission with NBD_OPT_GO; returns the size and transmission flags.</summary>
    public async Task<(ulong Size, ushort Flags)> NegotiateAsync(string name, bool structured)
    {
        await StartHandshakeAsync();
        if (structured)
        {
            await SendOptionAsync(8);
            var ack = await ReadOptionReplyAsync();
            Assert.Equal(RepAck, ack.Type);
            Structured = true;
        }

        await SendOptionAsync(7, Wire.InfoRequest(name));
        var replies = await ReadOptionRepliesAsync();
        Assert.True(replies[^1].Type == RepAck, $"NBD_OPT_GO for '{name}' ended with reply type 0x{replies[^1].Type:x}: {replies[^1].Text}");
        var export = replies.Single(reply => reply.Type == RepInfo && Wire.ReadU16(reply.Data, 0) == 0);
        return (Wire.ReadU64(export.Data, 2), Wire.ReadU16(export.Data, 10));
    }

    public Task SendRequestAsync(ushort type, ulong cookie, ulong offset, uint length, ushort flags = 0, byte[]? payload = null, uint magic = 0x25609513)
        => SendAsync(Wire.Request(type, cookie, offset, length, flags, payload, magic));

    /// <summary>Reads one reply; <paramref name="readLength"/> says how much data a successful simple read reply carries.</summary>
    public async Task<TransmissionReply> ReadReplyAsync(Func<ulong, int> readLength)
    {
        if (!Structured)
        {
            byte[] header = await ReadExactAsync(16, "a simple reply header");
            Assert.Equal(0x67446698u, Wire.ReadU32(header, 0));
            int errno = (int)Wire.ReadU32(header, 4);
            ulong cookie = Wire.ReadU64(header, 8);
            byte[] data = errno == 0 && readLength(cookie) > 0 ? await ReadExactAsync(readLength(cookie), $"the data of read {cookie}") : [];
            return new TransmissionReply(cookie, errno, data, null, -1, 0, null);
        }

        byte[] chunk = await ReadExactAsync(20, "a structured reply header");
        Assert.Equal(0x668e33efu, Wire.ReadU32(chunk, 0));
        ushort flags = Wire.ReadU16(chunk, 4);
        ushort type = Wire.ReadU16(chunk, 6);
        ulong chunkCookie = Wire.ReadU64(chunk, 8);
        uint length = Wire.ReadU32(chunk, 16);
        byte[] payload = await ReadExactAsync((int)length, $"the payload of a structured chunk of type {type}");
        return type switch
        {
            1 => new TransmissionReply(chunkCookie, 0, payload[8..], null, type, flags, Wire.ReadU64(payload, 0)),
            0x8001 => new TransmissionReply(chunkCookie, (int)Wire.ReadU32(payload, 0), [], Encoding.UTF8.GetString(payload, 6, Wire.ReadU16(payload, 4)), type, flags, null),
            _ => new TransmissionReply(chunkCookie, 0, payload, null, type, flags, null),
        };
    }

    public Task<TransmissionReply> ReadReplyAsync(int readLength = 0) => ReadReplyAsync(_ => readLength);

    public ValueTask DisposeAsync()
    {
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
