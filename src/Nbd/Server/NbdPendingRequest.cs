using System.Buffers.Binary;
using System.Text;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Protocol;

namespace DmIo.Nbd.Server;

/// <summary>
/// One request between the reader and the reply: its buffer, its outcome, and the bytes of its reply header. Pooled
/// per connection, so a request costs no allocation once the pool is warm; it is the completion the export calls.
/// </summary>
internal sealed class NbdPendingRequest : INbdCompletion
{
    private const int MaxMessageBytes = 4096;

    private readonly Action<NbdPendingRequest> onDone;
    private readonly byte[] header = new byte[28];
    private int partsRemaining;
    private int errno;
    private string? message;

    public NbdPendingRequest(Action<NbdPendingRequest> onDone) => this.onDone = onDone;

    public NbdCommand Command { get; private set; }

    public byte[]? Buffer { get; private set; }

    public ulong Cookie { get; private set; }

    private ulong Offset { get; set; }

    private int Length { get; set; }

    /// <summary>Readies the request for a new use; the reply is queued after <paramref name="parts"/> completions.</summary>
    public void Start(NbdCommand command, ulong cookie, ulong offset, byte[]? buffer, int length, int parts)
    {
        Command = command;
        Cookie = cookie;
        Offset = offset;
        Buffer = buffer;
        Length = length;
        errno = 0;
        message = null;
        Volatile.Write(ref partsRemaining, parts);
    }

    /// <inheritdoc />
    public void Complete(int errno, string? message)
    {
        if (errno != 0 && Interlocked.CompareExchange(ref this.errno, errno, 0) == 0)
        {
            this.message = message;
        }

        // The decrement is a full fence, so whoever takes the last part sees every part's errno and message.
        if (Interlocked.Decrement(ref partsRemaining) == 0)
        {
            onDone(this);
        }
    }

    /// <summary>Forgets the buffer once it went back to its pool.</summary>
    public void ClearBuffer() => Buffer = null;

    /// <summary>Adds this request's reply (header, then read data or an error chunk) to <paramref name="segments"/>.</summary>
    public void AppendReply(List<ArraySegment<byte>> segments, bool structured)
    {
        int wireErrno = errno == 0 ? 0 : NbdErrnoMapping.ToWire(errno);
        bool sendsData = wireErrno == 0 && Command == NbdCommand.Read;
        if (!structured)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, NbdMagic.SimpleReply);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)wireErrno);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), Cookie);
            segments.Add(new ArraySegment<byte>(header, 0, 16));
        }
        else if (wireErrno != 0)
        {
            byte[] text = ErrorText(errno, message);
            WriteStructuredHeader(NbdStructuredReplyType.Error, 6 + text.Length);
            segments.Add(new ArraySegment<byte>(header, 0, 20));
            var payload = new byte[6 + text.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)wireErrno);
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(4), (ushort)text.Length);
            text.CopyTo(payload, 6);
            segments.Add(new ArraySegment<byte>(payload));
        }
        else if (sendsData)
        {
            WriteStructuredHeader(NbdStructuredReplyType.OffsetData, 8 + Length);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(20), Offset);
            segments.Add(new ArraySegment<byte>(header, 0, 28));
        }
        else
        {
            WriteStructuredHeader(NbdStructuredReplyType.None, 0);
            segments.Add(new ArraySegment<byte>(header, 0, 20));
        }

        if (sendsData)
        {
            segments.Add(new ArraySegment<byte>(Buffer!, 0, Length));
        }
    }

    private void WriteStructuredHeader(NbdStructuredReplyType type, int length)
    {
        const ushort doneFlag = 1;
        BinaryPrimitives.WriteUInt32BigEndian(header, NbdMagic.StructuredReply);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), doneFlag);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)type);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), Cookie);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), (uint)length);
    }

    private static byte[] ErrorText(int errno, string? message)
    {
        byte[] text = Encoding.UTF8.GetBytes(message ?? $"errno {errno}");
        // The spec caps strings at 4096 bytes; a cut in the middle of a UTF-8 sequence only spoils the last character.
        return text.Length <= MaxMessageBytes ? text : text[..MaxMessageBytes];
    }
}
