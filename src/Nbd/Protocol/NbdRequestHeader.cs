using System.Buffers.Binary;

namespace DmIo.Nbd.Protocol;

/// <summary>A transmission request header as it came off the wire, before any check.</summary>
/// <param name="Magic">Should be <see cref="NbdMagic.Request"/>.</param>
/// <param name="Flags">The command flags.</param>
/// <param name="Type">The command type.</param>
/// <param name="Cookie">The client's handle, echoed in the reply.</param>
/// <param name="Offset">The first byte.</param>
/// <param name="Length">How many bytes.</param>
public readonly record struct NbdRequestHeader(uint Magic, ushort Flags, ushort Type, ulong Cookie, ulong Offset, uint Length)
{
    /// <summary>The size of a compact request header on the wire.</summary>
    public const int Size = 28;

    /// <summary>Reads a header from the first <see cref="Size"/> bytes of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">At least <see cref="Size"/> bytes, big-endian as on the wire.</param>
    /// <returns>The header's fields.</returns>
    public static NbdRequestHeader Parse(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32BigEndian(bytes),
        BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt32BigEndian(bytes[24..]));
}
