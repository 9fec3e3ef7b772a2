namespace DmIo.VirtualDevices;

/// <summary>
/// An in-memory block device of up to 2 GiB whose memory is allocated as it is written: 64 KiB page-aligned chunks
/// (<see cref="ChunkSize"/>), each on the first write that touches it, so a run that writes a few sectors of a large
/// device pays for those chunks, not for the capacity. Never-written chunks read as zeros. Discard and write-zeroes
/// zero the range, giving back every chunk they cover whole. It completes bios inline or, in
/// <see cref="DeviceCompletionMode.Queued"/> mode, when the owner calls <see cref="BlockDeviceBase.CompleteNext"/> or
/// <see cref="BlockDeviceBase.DrainCompletions"/>; the data moves when the bio completes. Thread-safe: concurrent bios
/// are served one at a time under a lock. It is a ram disk (brd, bio-based) by default or a memory-backed
/// <c>null_blk</c> (request-based), and shows that driver's limits unless given others (<see cref="MemoryQueueDefaults"/>).
/// </summary>
/// <remarks>Unlike <see cref="SparseMemoryDevice"/> (4 KiB pages in a dictionary, any capacity), a chunk is found by
/// two array loads and a 1 MiB copy is 16 page-aligned memmoves, which keeps large I/O at raw-copy speed. Disposing
/// the device is optional; it hands the chunks to a small process-wide pool, so the next device's first writes need
/// no new pinned memory (what a sweep of thousands of short runs spends most on otherwise).</remarks>
public sealed class MemoryDevice : StorageDeviceBase, IDisposable
{
    /// <summary>Bytes allocated at a time: 64 KiB, page-aligned.</summary>
    public const int ChunkSize = MemoryChunk.Size;

    private readonly MemoryChunks _chunks; // the contents, chunk by chunk
    private bool _disposed;                // set under the device lock; later accesses fail

    /// <summary>Creates a zero-filled device; no memory is allocated for its contents until they are written.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors: positive, at most 2 GiB worth.</param>
    /// <param name="limits">Its queue limits; its counterpart's (<see cref="MemoryQueueDefaults.LimitsFor"/>) when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    /// <param name="queueKind">Bio-based (a ram disk, the default) or request-based (<c>null_blk</c>).</param>
    public MemoryDevice(string name, long capacitySectors, QueueLimits? limits = null, DeviceCompletionMode completion = DeviceCompletionMode.Inline,
        IIoScheduler? scheduler = null, BlockQueueKind queueKind = BlockQueueKind.BioBased)
        : base(name, CheckDenseCapacity(capacitySectors), limits ?? MemoryQueueDefaults.LimitsFor(queueKind), completion, scheduler, queueKind)
    {
        _chunks = new MemoryChunks(capacitySectors << DmIoConstants.SectorShift);
    }

    /// <summary>Chunks currently allocated (each <see cref="ChunkSize"/> bytes).</summary>
    public long AllocatedChunks => _chunks.Allocated;

    /// <summary>
    /// Gives the contents' memory back for other memory devices to reuse (optional: an undisposed device's chunks are
    /// simply collected). Later bios fail with an I/O error, as a removed disk's would, and direct access throws.
    /// </summary>
    public void Dispose() => UnderLock(() =>
    {
        _disposed = true;
        _chunks.Release();
    });

    /// <inheritdoc />
    protected override void ReadBytes(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!destination.IsEmpty)
        {
            int within = (int)(offset & (ChunkSize - 1));
            int run = Math.Min(destination.Length, ChunkSize - within);
            Span<byte> chunk = _chunks.Find((int)(offset >> MemoryChunks.ChunkShift));
            if (chunk.IsEmpty)
            {
                destination[..run].Clear();
            }
            else
            {
                chunk.Slice(within, run).CopyTo(destination);
            }

            destination = destination[run..];
            offset += run;
        }
    }

    /// <inheritdoc />
    protected override void WriteBytes(long offset, ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!source.IsEmpty)
        {
            int within = (int)(offset & (ChunkSize - 1));
            int run = Math.Min(source.Length, ChunkSize - within);
            source[..run].CopyTo(_chunks.ForWrite((int)(offset >> MemoryChunks.ChunkShift), within, run));
            source = source[run..];
            offset += run;
        }
    }

    /// <inheritdoc />
    protected override void ZeroBytes(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long end = offset + length;
        while (offset < end)
        {
            int within = (int)(offset & (ChunkSize - 1));
            int run = (int)Math.Min(end - offset, ChunkSize - within);
            _chunks.Zero((int)(offset >> MemoryChunks.ChunkShift), within, run);
            offset += run;
        }
    }

    /// <inheritdoc />
    protected override void VisitExtents(AllocatedExtentVisitor visitor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _chunks.VisitWritten(visitor, CapacityBytes);
    }

    // The chunk table is indexed by int and the device has always been at most the largest array .NET allows.
    private static long CheckDenseCapacity(long capacitySectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacitySectors, (long)Array.MaxLength >> DmIoConstants.SectorShift);
        return capacitySectors;
    }
}
