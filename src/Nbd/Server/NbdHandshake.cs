using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Protocol;

namespace DmIo.Nbd.Server;

/// <summary>
/// The fixed newstyle handshake of one connection: the greeting, the client's flags, then options until NBD_OPT_GO or
/// NBD_OPT_EXPORT_NAME picks an export (a result) or the client aborts or breaks the protocol (null, reason logged).
/// </summary>
internal sealed class NbdHandshake
{
    /// <summary>The longest option data read; nbdkit also closes on longer ones rather than reading them.</summary>
    public const int MaxOptionBytes = 64 * 1024;

    /// <summary>Options taken per handshake before the client is dropped (nbdkit's limit, against endless loops).</summary>
    public const int MaxOptions = 1024;

    private const int ExportNameZeroPadding = 124;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Socket socket;
    private readonly NbdSocketReader reader;
    private readonly INbdExportCatalog catalog;
    private readonly uint maxPayloadBytes;
    private readonly Action<string> log;
    private bool structuredReplies;
    private bool noZeroes;

    public NbdHandshake(Socket socket, NbdSocketReader reader, INbdExportCatalog catalog, uint maxPayloadBytes, Action<string> log)
    {
        this.socket = socket;
        this.reader = reader;
        this.catalog = catalog;
        this.maxPayloadBytes = maxPayloadBytes;
        this.log = log;
    }

    public async Task<NbdHandshakeResult?> RunAsync(CancellationToken cancellationToken)
    {
        var greeting = new byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(greeting, NbdMagic.Greeting);
        BinaryPrimitives.WriteUInt64BigEndian(greeting.AsSpan(8), NbdMagic.Option);
        BinaryPrimitives.WriteUInt16BigEndian(greeting.AsSpan(16), (ushort)(NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes));
        await SendAsync(greeting, cancellationToken).ConfigureAwait(false);

        var clientFlagBytes = new byte[4];
        await reader.ReadExactlyAsync(clientFlagBytes, cancellationToken).ConfigureAwait(false);
        var clientFlags = (NbdHandshakeFlags)BinaryPrimitives.ReadUInt32BigEndian(clientFlagBytes);
        if ((clientFlags & ~(NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes)) != 0)
        {
            log($"protocol error: client flags 0x{(uint)clientFlags:x} have unknown bits; closing");
            return null;
        }

        if (!clientFlags.HasFlag(NbdHandshakeFlags.FixedNewstyle))
        {
            log("protocol error: the client did not set NBD_FLAG_C_FIXED_NEWSTYLE; this server serves fixed newstyle only; closing");
            return null;
        }

        noZeroes = clientFlags.HasFlag(NbdHandshakeFlags.NoZeroes);
        var header = new byte[16];
        for (int count = 0; count < MaxOptions; count++)
        {
            await reader.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            ulong magic = BinaryPrimitives.ReadUInt64BigEndian(header);
            uint option = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
            if (magic != NbdMagic.Option)
            {
                log($"protocol error: option magic 0x{magic:x} is not IHAVEOPT; closing");
                return null;
            }

            if (length > MaxOptionBytes)
            {
                log($"protocol error: option {option} has {length} bytes of data, more than {MaxOptionBytes}; closing");
                return null;
            }

            var data = new byte[length];
            await reader.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
            var outcome = await HandleOptionAsync(option, data, cancellationToken).ConfigureAwait(false);
            if (outcome.Close)
            {
                return outcome.Result;
            }
        }

        log($"protocol error: more than {MaxOptions} options; closing");
        return null;
    }

    private async Task<(bool Close, NbdHandshakeResult? Result)> HandleOptionAsync(uint option, byte[] data, CancellationToken cancellationToken)
    {
        switch ((NbdOption)option)
        {
            case NbdOption.ExportName:
                return (true, await ExportNameAsync(data, cancellationToken).ConfigureAwait(false));
            case NbdOption.Abort:
                log("the client aborted the handshake");
                await TrySendAbortAckAsync(cancellationToken).ConfigureAwait(false);
                return (true, null);
            case NbdOption.List:
                await ListAsync(data, cancellationToken).ConfigureAwait(false);
                return (false, null);
            case NbdOption.StartTls:
                await ReplyAsync(option, NbdOptionReplyType.ErrorPolicy, "this server has no TLS", cancellationToken).ConfigureAwait(false);
                return (false, null);
            case NbdOption.Info:
            case NbdOption.Go:
                var result = await InfoOrGoAsync(option, data, cancellationToken).ConfigureAwait(false);
                return ((NbdOption)option == NbdOption.Go && result is not null, result);
            case NbdOption.StructuredReply:
                await StructuredReplyAsync(data, cancellationToken).ConfigureAwait(false);
                return (false, null);
            default:
                await ReplyAsync(option, NbdOptionReplyType.ErrorUnsupported, $"option {option} is not supported", cancellationToken).ConfigureAwait(false);
                return (false, null);
        }
    }

    private async Task<NbdHandshakeResult?> ExportNameAsync(byte[] data, CancellationToken cancellationToken)
    {
        var export = TryDecode(data, out string name) ? Find(name) : null;
        if (export is null)
        {
            // NBD_OPT_EXPORT_NAME has no error reply: closing is all the protocol allows.
            log($"protocol error: NBD_OPT_EXPORT_NAME asked for an unknown export '{name}'; closing");
            return null;
        }

        var reply = new byte[10 + (noZeroes ? 0 : ExportNameZeroPadding)];
        BinaryPrimitives.WriteUInt64BigEndian(reply, (ulong)export.SizeBytes);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), (ushort)NbdExportAdvertisement.FlagsFor(export.Features));
        await SendAsync(reply, cancellationToken).ConfigureAwait(false);
        return new NbdHandshakeResult(export, structuredReplies);
    }

    private async Task TrySendAbortAckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReplyAsync((uint)NbdOption.Abort, NbdOptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The spec lets a client close right after NBD_OPT_ABORT without waiting for the ack.
        }
    }

    private async Task ListAsync(byte[] data, CancellationToken cancellationToken)
    {
        if (data.Length != 0)
        {
            await ReplyAsync((uint)NbdOption.List, NbdOptionReplyType.ErrorInvalid, "NBD_OPT_LIST takes no data", cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var export in catalog.Exports)
        {
            byte[] name = Encoding.UTF8.GetBytes(export.Name);
            byte[] description = Encoding.UTF8.GetBytes(export.Description);
            var payload = new byte[4 + name.Length + description.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)name.Length);
            name.CopyTo(payload, 4);
            description.CopyTo(payload, 4 + name.Length);
            await ReplyAsync((uint)NbdOption.List, NbdOptionReplyType.Server, payload, cancellationToken).ConfigureAwait(false);
        }

        await ReplyAsync((uint)NbdOption.List, NbdOptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
    }

    private async Task StructuredReplyAsync(byte[] data, CancellationToken cancellationToken)
    {
        const uint option = (uint)NbdOption.StructuredReply;
        if (data.Length != 0)
        {
            await ReplyAsync(option, NbdOptionReplyType.ErrorInvalid, "NBD_OPT_STRUCTURED_REPLY takes no data", cancellationToken).ConfigureAwait(false);
        }
        else if (structuredReplies)
        {
            await ReplyAsync(option, NbdOptionReplyType.ErrorInvalid, "structured replies are already negotiated", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            structuredReplies = true;
            await ReplyAsync(option, NbdOptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<NbdHandshakeResult?> InfoOrGoAsync(uint option, byte[] data, CancellationToken cancellationToken)
    {
        string optionName = (NbdOption)option == NbdOption.Go ? "NBD_OPT_GO" : "NBD_OPT_INFO";
        if (!TryParseInfoRequest(data, out string name, out var requested))
        {
            await ReplyAsync(option, NbdOptionReplyType.ErrorInvalid, $"{optionName}: the data's lengths do not add up", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var export = Find(name);
        if (export is null)
        {
            string message = name.Length == 0 ? "there is no default export" : $"there is no export named '{name}'";
            await ReplyAsync(option, NbdOptionReplyType.ErrorUnknown, message, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var exportInfo = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(exportInfo, (ushort)NbdInfoType.Export);
        BinaryPrimitives.WriteUInt64BigEndian(exportInfo.AsSpan(2), (ulong)export.SizeBytes);
        BinaryPrimitives.WriteUInt16BigEndian(exportInfo.AsSpan(10), (ushort)NbdExportAdvertisement.FlagsFor(export.Features));
        await ReplyAsync(option, NbdOptionReplyType.Info, exportInfo, cancellationToken).ConfigureAwait(false);
        if (requested.Contains(NbdInfoType.Name))
        {
            await ReplyAsync(option, NbdOptionReplyType.Info, TextInfo(NbdInfoType.Name, export.Name), cancellationToken).ConfigureAwait(false);
        }

        if (requested.Contains(NbdInfoType.Description))
        {
            await ReplyAsync(option, NbdOptionReplyType.Info, TextInfo(NbdInfoType.Description, export.Description), cancellationToken).ConfigureAwait(false);
        }

        // Sent whether asked for or not, as nbdkit does: a client that ignores it loses nothing.
        var sizes = NbdExportAdvertisement.BlockSizesFor(export.BlockSizes, maxPayloadBytes);
        var blockInfo = new byte[14];
        BinaryPrimitives.WriteUInt16BigEndian(blockInfo, (ushort)NbdInfoType.BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(blockInfo.AsSpan(2), sizes.Minimum);
        BinaryPrimitives.WriteUInt32BigEndian(blockInfo.AsSpan(6), sizes.Preferred);
        BinaryPrimitives.WriteUInt32BigEndian(blockInfo.AsSpan(10), sizes.Maximum);
        await ReplyAsync(option, NbdOptionReplyType.Info, blockInfo, cancellationToken).ConfigureAwait(false);
        await ReplyAsync(option, NbdOptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        return new NbdHandshakeResult(export, structuredReplies);
    }

    private static bool TryParseInfoRequest(byte[] data, out string name, out List<NbdInfoType> requested)
    {
        name = string.Empty;
        requested = [];
        if (data.Length < 6)
        {
            return false;
        }

        uint nameLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (nameLength > data.Length - 6)
        {
            return false;
        }

        int countAt = 4 + (int)nameLength;
        int infoCount = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(countAt));
        if (countAt + 2 + (2 * infoCount) != data.Length || !TryDecode(data.AsSpan(4, (int)nameLength), out name))
        {
            return false;
        }

        for (int i = 0; i < infoCount; i++)
        {
            requested.Add((NbdInfoType)BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(countAt + 2 + (2 * i))));
        }

        return true;
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "(not UTF-8)";
            return false;
        }
    }

    private static byte[] TextInfo(NbdInfoType type, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var info = new byte[2 + bytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(info, (ushort)type);
        bytes.CopyTo(info, 2);
        return info;
    }

    private INbdExport? Find(string name)
    {
        if (name.Length == 0)
        {
            return catalog.Default;
        }

        foreach (var export in catalog.Exports)
        {
            if (string.Equals(export.Name, name, StringComparison.Ordinal))
            {
                return export;
            }
        }

        return null;
    }

    private Task ReplyAsync(uint option, NbdOptionReplyType type, string message, CancellationToken cancellationToken)
        => ReplyAsync(option, type, Encoding.UTF8.GetBytes(message), cancellationToken);

    private async Task ReplyAsync(uint option, NbdOptionReplyType type, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var reply = new byte[20 + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(reply, NbdMagic.OptionReply);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), option);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(12), (uint)type);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(16), (uint)data.Length);
        data.CopyTo(reply.AsMemory(20));
        await SendAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (bytes.Length > 0)
        {
            int sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }
}
