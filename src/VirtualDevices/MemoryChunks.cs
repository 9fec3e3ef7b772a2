namespace DmIo.VirtualDevices;

/// <summary>
/// The contents of a <see cref="MemoryDevice"/>: fixed-size chunks, each allocated on the first write that touches it,
/// found through a two-level table (a directory of leaves of <see cref="LeafSlots"/> chunks) so that neither a lookup
/// nor an untouched device costs more than a few array loads and words. Not thread-safe: the device's lock guards it.
/// </summary>
internal sealed class MemoryChunks
{
    /// <summary>Bytes per chunk: small enough that a few sectors written cost little, large enough that a 1 MiB copy is 16 memmoves.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>log2 of <see cref="ChunkSize"/>.</summary>
    public const int ChunkShift = 16;

    private const int LeafShift = 9;
    private const int LeafSlots = 1 << LeafShift; // chunks per leaf: a leaf covers 32 MiB

    private readonly Chunk[]?[] _leaves; // leaf i holds chunks i*LeafSlots.. ; null until one of them is written
    private readonly int _chunkCount;    // chunks the device spans (the last may pass its end)
    private long _allocated;             // chunks allocated, readable without the lock

    /// <summary>Creates the table for a device of <paramref name="capacityBytes"/>; nothing is allocated but the directory.</summary>
    /// <param name="capacityBytes">The device's size: positive, at most <see cref="Array.MaxLength"/>.</param>
    public MemoryChunks(long capacityBytes)
    {
        _chunkCount = checked((int)((capacityBytes + ChunkSize - 1) >> ChunkShift));
        _leaves = new Chunk[]?[(_chunkCount + LeafSlots - 1) >> LeafShift];
    }

    /// <summary>Chunks currently allocated.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Chunk <paramref name="index"/>'s bytes, or an empty span when it has never been written (it reads as zeros).</summary>
    /// <param name="index">The chunk's index.</param>
    /// <returns>Its <see cref="ChunkSize"/> bytes, or empty.</returns>
    public Span<byte> Find(int index)
    {
        Chunk[]? leaf = _leaves[index >> LeafShift];
        return leaf is null ? default : leaf[index & (LeafSlots - 1)].Bytes;
    }

    /// <summary>Chunk <paramref name="index"/>'s bytes, allocating it (zeroed, page-aligned) if needed.</summary>
    /// <param name="index">The chunk's index.</param>
    /// <returns>Its <see cref="ChunkSize"/> bytes.</returns>
    public Span<byte> Get(int index)
    {
        ref Chunk[]? leaf = ref _leaves[index >> LeafShift];
        leaf ??= new Chunk[Math.Min(LeafSlots, _chunkCount - (index & ~(LeafSlots - 1)))];
        ref Chunk chunk = ref leaf[index & (LeafSlots - 1)];
        if (chunk.Array is null)
        {
            chunk = Chunk.Allocate();
            Interlocked.Increment(ref _allocated);
        }

        return chunk.Bytes;
    }

    /// <summary>Forgets chunk <paramref name="index"/>: it reads as zeros again, and its memory goes back to the GC.</summary>
    /// <param name="index">The chunk's index.</param>
    public void Drop(int index)
    {
        Chunk[]? leaf = _leaves[index >> LeafShift];
        if (leaf is not null && leaf[index & (LeafSlots - 1)].Array is not null)
        {
            leaf[index & (LeafSlots - 1)] = default;
            Interlocked.Decrement(ref _allocated);
        }
    }

    /// <summary>Hands every allocated chunk to <paramref name="visitor"/> in ascending order, the last one cut at the device's end.</summary>
    /// <param name="visitor">Where the chunks go.</param>
    /// <param name="capacityBytes">The device's size.</param>
    public void VisitAllocated(AllocatedExtentVisitor visitor, long capacityBytes)
    {
        for (int l = 0; l < _leaves.Length; l++)
        {
            if (_leaves[l] is not { } leaf)
            {
                continue;
            }

            for (int s = 0; s < leaf.Length; s++)
            {
                if (leaf[s].Array is not null)
                {
                    long offset = (long)((l << LeafShift) + s) << ChunkShift;
                    visitor(offset, leaf[s].Bytes[..(int)Math.Min(ChunkSize, capacityBytes - offset)]);
                }
            }
        }
    }

    /// <summary>
    /// One chunk: a pinned array with a page of slack, and where in it the page-aligned contents start. Contents start
    /// on a page boundary as a real device's pages do: an array's data lands anywhere modulo 64, and memmove runs
    /// measurably slower when source and destination disagree modulo a cache line, so an arbitrary start made copy
    /// speed depend on where the allocator happened to put the chunk. Pinned (pinned object heap), the address and
    /// with it the alignment never change.
    /// </summary>
    /// <param name="Array">The array, or null for a chunk never written.</param>
    /// <param name="Base">Where byte 0 of the chunk sits in <paramref name="Array"/>.</param>
    private readonly record struct Chunk(byte[]? Array, int Base)
    {
        /// <summary>The chunk's bytes, or empty for a chunk never written.</summary>
        public Span<byte> Bytes => Array is null ? default : Array.AsSpan(Base, ChunkSize);

        /// <summary>Allocates a zeroed, page-aligned chunk.</summary>
        /// <returns>The chunk.</returns>
        public static Chunk Allocate()
        {
            byte[] array = GC.AllocateArray<byte>(ChunkSize + DmIoConstants.PageSize, pinned: true);
            long address = System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
            int misalignment = (int)(address & (DmIoConstants.PageSize - 1));
            return new Chunk(array, misalignment == 0 ? 0 : DmIoConstants.PageSize - misalignment);
        }
    }
}
