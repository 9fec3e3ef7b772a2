namespace DmIo.VirtualDevices;

/// <summary>
/// The contents of a <see cref="MemoryDevice"/>: fixed-size chunks, each taken from <see cref="MemoryChunk.Pool"/> on
/// the first write that touches it, found through a two-level table (a directory of leaves of 512 chunks) so that
/// neither a lookup nor an untouched device costs more than a few array loads and words. Not thread-safe: the
/// device's lock guards it.
/// </summary>
internal sealed class MemoryChunks
{
    /// <summary>log2 of <see cref="MemoryChunk.Size"/>.</summary>
    public const int ChunkShift = 16;

    private const int LeafShift = 9;
    private const int LeafSlots = 1 << LeafShift; // chunks per leaf: a leaf covers 32 MiB
    private const int MaxPooledLeavesPerThread = 16; // whole leaves (4 KiB each) a thread keeps for the next device

    [ThreadStatic]
    private static Stack<MemoryChunk?[]>? t_freeLeaves; // cleared whole leaves: a sweep seed on large disks took two fresh ones

    private readonly MemoryChunk?[]?[] _leaves; // leaf i holds chunks i*LeafSlots.. ; null until one of them is written
    private readonly int _chunkCount;           // chunks the device spans (the last may pass its end)
    private long _allocated;                    // chunks held, readable without the lock

    /// <summary>Creates the table for a device of <paramref name="capacityBytes"/>; nothing is allocated but the directory.</summary>
    /// <param name="capacityBytes">The device's size: positive, at most <see cref="Array.MaxLength"/>.</param>
    public MemoryChunks(long capacityBytes)
    {
        _chunkCount = checked((int)((capacityBytes + MemoryChunk.Size - 1) >> ChunkShift));
        _leaves = new MemoryChunk?[]?[(_chunkCount + LeafSlots - 1) >> LeafShift];
    }

    /// <summary>Chunks currently held.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Chunk <paramref name="index"/>'s bytes, or an empty span when it has never been written (it reads as zeros).</summary>
    /// <param name="index">The chunk's index.</param>
    /// <returns>Its <see cref="MemoryChunk.Size"/> bytes, or empty.</returns>
    public Span<byte> Find(int index) => Slot(index) is { } chunk ? chunk.Bytes : default;

    /// <summary>Where a write of <paramref name="length"/> bytes at <paramref name="from"/> in chunk <paramref name="index"/> goes, taking the chunk if needed.</summary>
    /// <param name="index">The chunk's index.</param>
    /// <param name="from">The first byte within the chunk.</param>
    /// <param name="length">How many bytes will be written.</param>
    /// <returns>The bytes to overwrite.</returns>
    public Span<byte> ForWrite(int index, int from, int length)
    {
        ref MemoryChunk?[]? leaf = ref _leaves[index >> LeafShift];
        leaf ??= NewLeaf(Math.Min(LeafSlots, _chunkCount - (index & ~(LeafSlots - 1))));
        ref MemoryChunk? chunk = ref leaf[index & (LeafSlots - 1)];
        if (chunk is null)
        {
            chunk = MemoryChunk.Pool.Rent();
            Interlocked.Increment(ref _allocated);
        }

        return chunk.ForWrite(from, length);
    }

    /// <summary>Zeroes <paramref name="length"/> bytes at <paramref name="from"/> in chunk <paramref name="index"/>; a whole chunk is given back instead.</summary>
    /// <param name="index">The chunk's index.</param>
    /// <param name="from">The first byte within the chunk.</param>
    /// <param name="length">How many bytes.</param>
    public void Zero(int index, int from, int length)
    {
        if (Slot(index) is not { } chunk)
        {
            return; // never written: already zeros
        }

        if (length < MemoryChunk.Size)
        {
            chunk.Bytes.Slice(from, length).Clear();
            return;
        }

        _leaves[index >> LeafShift]![index & (LeafSlots - 1)] = null; // a whole chunk of zeros is no chunk at all
        Interlocked.Decrement(ref _allocated);
        MemoryChunk.Pool.Return(chunk);
    }

    /// <summary>
    /// Hands the written part of every chunk to <paramref name="visitor"/> in ascending order: from the first byte ever
    /// written in it to the last (the rest of a chunk is still the zeros it was handed out with), cut at the device's end.
    /// </summary>
    /// <param name="visitor">Where the extents go.</param>
    /// <param name="capacityBytes">The device's size.</param>
    public void VisitWritten(AllocatedExtentVisitor visitor, long capacityBytes)
    {
        for (int l = 0; l < _leaves.Length; l++)
        {
            if (_leaves[l] is not { } leaf)
            {
                continue;
            }

            for (int s = 0; s < leaf.Length; s++)
            {
                if (leaf[s] is { Written.IsEmpty: false } chunk)
                {
                    long start = ((long)((l << LeafShift) + s) << ChunkShift) + chunk.WrittenFrom;
                    ReadOnlySpan<byte> written = chunk.Written;
                    visitor(start, written[..(int)Math.Min(written.Length, capacityBytes - start)]);
                }
            }
        }
    }

    /// <summary>Gives every chunk back to the pool; the table is empty (all zeros) afterwards.</summary>
    public void Release()
    {
        for (int l = 0; l < _leaves.Length; l++)
        {
            if (_leaves[l] is not { } leaf)
            {
                continue;
            }

            _leaves[l] = null;
            foreach (MemoryChunk? chunk in leaf)
            {
                if (chunk is not null)
                {
                    Interlocked.Decrement(ref _allocated);
                    MemoryChunk.Pool.Return(chunk);
                }
            }

            ReturnLeaf(leaf);
        }
    }

    private static MemoryChunk?[] NewLeaf(int slots) =>
        slots == LeafSlots && t_freeLeaves is { } free && free.TryPop(out MemoryChunk?[]? pooled) ? pooled : new MemoryChunk?[slots];

    private static void ReturnLeaf(MemoryChunk?[] leaf)
    {
        if (leaf.Length != LeafSlots)
        {
            return; // a short last leaf fits only a device of its size
        }

        Stack<MemoryChunk?[]> free = t_freeLeaves ??= new Stack<MemoryChunk?[]>();
        if (free.Count < MaxPooledLeavesPerThread)
        {
            Array.Clear(leaf);
            free.Push(leaf);
        }
    }

    private MemoryChunk? Slot(int index) => _leaves[index >> LeafShift] is { } leaf ? leaf[index & (LeafSlots - 1)] : null;
}
