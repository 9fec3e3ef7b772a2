using System.Buffers.Binary;
using System.Text;

namespace DmIo.Nbd.Tests.Support;

/// <summary>Big-endian byte building for hand-written protocol messages (values written literally, not taken from the server).</summary>
internal static class Wire
{
    public static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    public static ushort ReadU16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));

    public static uint ReadU32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));

    public static ulong ReadU64(byte[] bytes, int at) => BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at));

    /// <summary>NBD_OPT_INFO / NBD_OPT_GO data: name length, name, number of infos, infos.</summary>
    public static byte[] InfoRequest(string name, params ushort[] infos)
    {
        byte[] nameBytes = Text(name);
        return Concat(U32((uint)nameBytes.Length), nameBytes, U16((ushort)infos.Length), Concat(infos.Select(U16).ToArray()));
    }

    /// <summary>A compact transmission request header, with an optional payload after it.</summary>
    public static byte[] Request(ushort type, ulong cookie, ulong offset, uint length, ushort flags = 0, byte[]? payload = null, uint magic = 0x25609513)
        => Concat(U32(magic), U16(flags), U16(type), U64(cookie), U64(offset), U32(length), payload ?? []);
}
