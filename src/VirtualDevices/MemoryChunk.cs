using System.Runtime.InteropServices;

namespace DmIo.VirtualDevices;

/// <summary>
/// One 64 KiB piece of a <see cref="MemoryDevice"/>: a pinned array with a page of slack, the page-aligned place where
/// its bytes start, and the span ever written since it was handed out (everything outside that span is zero).
/// Contents start on a page boundary as a real device's pages do: an array's data lands anywhere modulo 64, and memmove
/// runs measurably slower when source and destination disagree modulo a cache line, so an arbitrary start made copy
/// speed depend on where the allocator happened to put the chunk. Pinned (pinned object heap), the address and with
/// it the alignment never change.
/// </summary>
internal sealed class MemoryChunk
{
    /// <summary>Bytes per chunk: small enough that a few sectors written cost little, large enough that a 1 MiB copy is 16 memmoves.</summary>
    public const int Size = 1 << MemoryChunks.ChunkShift;

    private readonly byte[] _array; // Size bytes from _base on, plus slack
    private readonly int _base;     // where byte 0 sits in _array: the first page-aligned element
    private int _writtenFrom = Size; // the first byte ever written, or Size when none
    private int _writtenTo;         // the byte after the last ever written

    private MemoryChunk()
    {
        _array = GC.AllocateArray<byte>(Size + DmIoConstants.PageSize, pinned: true);
        int misalignment = (int)(Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0) & (DmIoConstants.PageSize - 1));
        _base = misalignment == 0 ? 0 : DmIoConstants.PageSize - misalignment;
    }

    /// <summary>The chunk's bytes.</summary>
    public Span<byte> Bytes => _array.AsSpan(_base, Size);

    /// <summary>Where the written span starts.</summary>
    public int WrittenFrom => _writtenFrom;

    /// <summary>Every byte that may be non-zero: from the first ever written to the last (empty when none was).</summary>
    public ReadOnlySpan<byte> Written => _writtenTo <= _writtenFrom ? default : _array.AsSpan(_base + _writtenFrom, _writtenTo - _writtenFrom);

    /// <summary>The bytes a write of <paramref name="length"/> at <paramref name="from"/> overwrites, widening the written span.</summary>
    /// <param name="from">The first byte.</param>
    /// <param name="length">How many bytes.</param>
    /// <returns>The bytes to overwrite.</returns>
    public Span<byte> ForWrite(int from, int length)
    {
        _writtenFrom = Math.Min(_writtenFrom, from);
        _writtenTo = Math.Max(_writtenTo, from + length);
        return _array.AsSpan(_base + from, length);
    }

    /// <summary>
    /// Chunks given back by devices (disposed, or discarded whole), zeroed, for the next device to take: a sweep runs
    /// thousands of short-lived devices, and a fresh pinned allocation each time cost a full collection every few
    /// dozen seeds. At most <see cref="MaxPooled"/> are kept (4 MiB) in a shared stack, and
    /// <see cref="MaxPooledPerThread"/> more by each thread without a lock (two sweep workers contended for the shared
    /// one); more are left to the GC.
    /// </summary>
    public static class Pool
    {
        /// <summary>How many chunks the pool keeps at most.</summary>
        public const int MaxPooled = 64;

        /// <summary>How many chunks each thread keeps for itself at most (1 MiB).</summary>
        public const int MaxPooledPerThread = 16;

        [ThreadStatic]
        private static Stack<MemoryChunk>? t_free; // this thread's zeroed chunks, used before the shared ones

        private static readonly Lock Gate = new();               // guards Free
        private static readonly Stack<MemoryChunk> Free = new(); // zeroed chunks with nothing written

        /// <summary>A zeroed chunk: a pooled one, or a new one.</summary>
        /// <returns>The chunk.</returns>
        public static MemoryChunk Rent()
        {
            if (t_free is { } local && local.TryPop(out MemoryChunk? mine))
            {
                return mine;
            }

            lock (Gate)
            {
                if (Free.TryPop(out MemoryChunk? chunk))
                {
                    return chunk;
                }
            }

            return new MemoryChunk();
        }

        /// <summary>Zeroes what was written in <paramref name="chunk"/> and keeps it, unless the pool is full.</summary>
        /// <param name="chunk">A chunk no device refers to any more.</param>
        public static void Return(MemoryChunk chunk)
        {
            chunk.Bytes[chunk._writtenFrom..Math.Max(chunk._writtenFrom, chunk._writtenTo)].Clear();
            chunk._writtenFrom = Size;
            chunk._writtenTo = 0;
            Stack<MemoryChunk> local = t_free ??= new Stack<MemoryChunk>();
            if (local.Count < MaxPooledPerThread)
            {
                local.Push(chunk);
                return;
            }

            lock (Gate)
            {
                if (Free.Count < MaxPooled)
                {
                    Free.Push(chunk);
                }
            }
        }
    }
}
