namespace DmIo;

/// <summary>
/// One block I/O (<c>struct bio</c>): an operation on a run of sectors, the memory segments it moves, and an
/// exactly-once completion. Bios are pooled and reused, so nothing may hold on to one after it completes.
/// </summary>
public sealed class Bio
{
    private readonly Memory<byte>[] _segments = new Memory<byte>[DmIoConstants.BioMaxVecs]; // reused across lives
    private int _segmentCount;      // segments in use
    private int _vecCapacity;       // segments this bio was allocated for (bio_alloc's nr_vecs)
    private long _maxBytes;         // the device's max_sectors, in bytes, for data bios
    private long _maxSegmentSize;   // the device's max_segment_size
    private long _size;             // bytes covered (bi_size): the segments' sum, or set directly for discard/write-zeroes
    private IBioEndIo? _endIo;      // who hears about completion
    private int _completed;         // 0 until Complete runs; guards exactly-once

    /// <summary>Creates an empty bio; call <see cref="Init"/> before use.</summary>
    public Bio()
    {
    }

    /// <summary>A number that identifies this bio in traces and fault records; set by whoever issues it.</summary>
    public long Id { get; set; }

    /// <summary>The operation.</summary>
    public BioOperation Operation { get; private set; }

    /// <summary>The flags (SYNC, PREFLUSH, FUA, META). The block layer may clear PREFLUSH and FUA for a device without a volatile cache.</summary>
    public BioFlags Flags { get; set; }

    /// <summary>The first sector, relative to <see cref="Device"/> (<c>bi_sector</c>). Stacked devices remap it.</summary>
    public long Sector { get; set; }

    /// <summary>The device the bio was last submitted to.</summary>
    public IBlockDevice? Device { get; set; }

    /// <summary>The I/O priority the request asked for.</summary>
    public ushort Priority { get; set; }

    /// <summary>The bytes the bio covers.</summary>
    public long Size => _size;

    /// <summary>The sectors the bio covers.</summary>
    public long SectorCount => _size >> DmIoConstants.SectorShift;

    /// <summary>The completion status; meaningful once the bio has completed.</summary>
    public BlkStatus Status { get; private set; }

    /// <summary>True once <see cref="Complete(BlkStatus)"/> has run.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>The memory segments, in order; empty for discard, write-zeroes and empty flushes.</summary>
    public ReadOnlySpan<Memory<byte>> Segments => _segments.AsSpan(0, _segmentCount);

    /// <summary>The number of memory segments.</summary>
    public int SegmentCount => _segmentCount;

    /// <summary>Owner data for the completion handler (<c>bi_private</c>).</summary>
    public object? Private { get; set; }

    /// <summary>A second owner field; the engine keeps the region number here.</summary>
    public int PrivateIndex { get; set; }

    /// <summary>Prepares the bio for a new life.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="flags">The flags.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="endIo">Who to tell at completion.</param>
    /// <param name="vecCapacity">How many segments may be added (at most 256).</param>
    /// <param name="limits">The target device's limits, which bound <see cref="TryAddSegment"/>; null for no limit beyond 256 segments.</param>
    public void Init(BioOperation operation, BioFlags flags, long sector, IBioEndIo endIo, int vecCapacity = DmIoConstants.BioMaxVecs, QueueLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(endIo);
        ArgumentOutOfRangeException.ThrowIfNegative(vecCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vecCapacity, DmIoConstants.BioMaxVecs);
        Operation = operation;
        Flags = flags;
        Sector = sector;
        _endIo = endIo;
        _segments.AsSpan(0, _segmentCount).Clear();
        _segmentCount = 0;
        _size = 0;
        _vecCapacity = limits is null ? vecCapacity : Math.Min(vecCapacity, limits.MaxSegments);
        _maxBytes = limits is null ? uint.MaxValue : limits.MaxSectors << DmIoConstants.SectorShift;
        _maxSegmentSize = limits is null ? uint.MaxValue : limits.MaxSegmentSize;
        Status = BlkStatus.Ok;
        Device = null;
        Private = null;
        PrivateIndex = 0;
        Priority = 0;
        Id = 0;
        Volatile.Write(ref _completed, 0);
    }

    /// <summary>
    /// Adds a memory segment if the bio still has room for it (<c>bio_add_page</c>): fewer than its segment
    /// capacity, and within the device's max sectors and max segment size. Adds nothing when it returns false.
    /// </summary>
    /// <param name="segment">The bytes; a whole number of sectors.</param>
    /// <returns>True when added.</returns>
    public bool TryAddSegment(Memory<byte> segment)
    {
        if (_segmentCount >= _vecCapacity || _size + segment.Length > _maxBytes || segment.Length > _maxSegmentSize)
        {
            return false;
        }

        _segments[_segmentCount++] = segment;
        _size += segment.Length;
        return true;
    }

    /// <summary>Sets the size of a bio that carries no memory (discard, write-zeroes, an empty flush).</summary>
    /// <param name="bytes">The bytes covered; a whole number of sectors.</param>
    public void SetDatalessSize(long bytes)
    {
        if (_segmentCount != 0)
        {
            throw new InvalidOperationException("A bio with memory segments takes its size from them.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _size = bytes;
    }

    /// <summary>
    /// Completes the bio with <paramref name="status"/> and tells its owner. A device calls this exactly once
    /// per bio; a second call throws <see cref="InvalidOperationException"/>, so double completion is never silent.
    /// </summary>
    /// <param name="status">The outcome.</param>
    public void Complete(BlkStatus status)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            throw new InvalidOperationException($"Bio {Id} ({Operation.ToShortName()} at sector {Sector}) was completed twice.");
        }

        Status = status;
        _endIo!.EndIo(this);
    }

    /// <summary>Copies <paramref name="source"/> into the segments in order (what a device does to serve a read).</summary>
    /// <param name="source">At least <see cref="Size"/> bytes for data bios.</param>
    public void CopyToSegments(ReadOnlySpan<byte> source)
    {
        foreach (Memory<byte> segment in Segments)
        {
            source[..segment.Length].CopyTo(segment.Span);
            source = source[segment.Length..];
        }
    }

    /// <summary>Gathers the segments in order into <paramref name="destination"/> (what a device does to serve a write).</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void CopyFromSegments(Span<byte> destination)
    {
        foreach (Memory<byte> segment in Segments)
        {
            segment.Span.CopyTo(destination);
            destination = destination[segment.Length..];
        }
    }

    /// <summary>Zeroes every segment of this bio and nothing else (<c>zero_fill_bio</c>).</summary>
    public void ZeroFill()
    {
        foreach (Memory<byte> segment in Segments)
        {
            segment.Span.Clear();
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"bio {Id} {Operation.ToShortName()}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} {Device?.Name}[{Sector}+{SectorCount}] segs={_segmentCount}";
}
