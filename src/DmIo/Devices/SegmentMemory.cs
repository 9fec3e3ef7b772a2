using System.Buffers;
using System.Runtime.InteropServices;

namespace DmIo;

/// <summary>Joins two pieces of managed memory that lie end to end in one array or one memory manager.</summary>
internal static class SegmentMemory
{
    /// <summary>Returns one <see cref="Memory{T}"/> covering <paramref name="first"/> then <paramref name="second"/> when they are adjacent in the same backing store.</summary>
    public static bool TryJoin(Memory<byte> first, Memory<byte> second, out Memory<byte> joined)
    {
        if (first.Length > int.MaxValue - second.Length)
        {
            joined = default;
            return false;
        }

        if (MemoryMarshal.TryGetArray<byte>(first, out ArraySegment<byte> a) && MemoryMarshal.TryGetArray<byte>(second, out ArraySegment<byte> b))
        {
            if (ReferenceEquals(a.Array, b.Array) && a.Offset + a.Count == b.Offset)
            {
                joined = new Memory<byte>(a.Array, a.Offset, a.Count + b.Count);
                return true;
            }
        }
        else if (MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(first, out MemoryManager<byte>? m1, out int start1, out int length1) &&
                 MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(second, out MemoryManager<byte>? m2, out int start2, out _) &&
                 m1 is not null && ReferenceEquals(m1, m2) && start1 + length1 == start2)
        {
            joined = m1.Memory.Slice(start1, length1 + second.Length);
            return true;
        }

        joined = default;
        return false;
    }
}
