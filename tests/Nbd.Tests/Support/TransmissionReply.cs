namespace DmIo.Nbd.Tests.Support;

/// <summary>One transmission reply (a simple reply, or one structured chunk) as read off the wire.</summary>
/// <param name="Cookie">The cookie it answers.</param>
/// <param name="Errno">0, or the error on the wire.</param>
/// <param name="Data">The read data (empty otherwise).</param>
/// <param name="Message">A structured error's message.</param>
/// <param name="ChunkType">A structured chunk's type (-1 for a simple reply).</param>
/// <param name="ChunkFlags">A structured chunk's flags.</param>
/// <param name="Offset">An OFFSET_DATA chunk's offset.</param>
internal sealed record TransmissionReply(ulong Cookie, int Errno, byte[] Data, string? Message, int ChunkType, ushort ChunkFlags, ulong? Offset);
