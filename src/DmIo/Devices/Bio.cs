namespace DmIo;

/// <summary>
/// One block I/O (<c>struct bio</c>): an operation on a run of sectors, a vector table of memory segments, an
/// iterator over what is still to be done, and a completion that may be shared by chained pieces. Bios are pooled
/// and reused, so nothing may hold on to one after it completes.
/// </summary>
/// <remarks>
/// <para><b>Vectors and the iterator.</b> The vector table (<c>bi_io_vec</c>) is filled by
/// <see cref="AddPage"/> or <see cref="TryAddSegment"/>. The iterator (<c>bi_iter</c>: <see cref="Sector"/>,
/// <see cref="Size"/> and a position in the table) starts at the first vector; <see cref="Advance"/> moves it past
/// work that is done, as device-mapper does after each piece it maps and the block layer does when a request
/// completes. <see cref="Segments"/>, <see cref="ZeroFill"/> and the copy helpers act on what is left.</para>
/// <para><b>Completion.</b> A bio completes when <see cref="Complete(BlkStatus)"/> has been called once for each
/// time it was submitted (<see cref="IncRemaining"/> counts resubmissions, <c>bio_inc_remaining</c>) and every piece
/// split off and chained to it (<see cref="Chain"/>, <c>bio_chain</c>) has completed. A non-OK status from the bio's
/// own completion replaces the status; a chained piece's failure is kept only while the status is still OK.</para>
/// </remarks>
public sealed class Bio
{
    private Memory<byte>[] _vecs = [];           // the vector table, as long as the largest capacity this bio was given; reused across lives
    private BioSegmentPlace[] _places = [];      // where each vector sits in modelled physical memory, beside _vecs
    private int _vecCount;          // vectors in the table (bi_vcnt)
    private int _maxVecs;           // vectors this bio was allocated for (bi_max_vecs)
    private int _iterIndex;         // the vector the iterator is in (bi_idx); earlier ones are done
    private long _size;             // bytes left (bi_size)
    private IBioEndIo? _endIo;      // who hears about completion
    private int _remaining;         // completions still owed: own submissions plus chained pieces (__bi_remaining)
    private int _status;            // BlkStatus as int, for Interlocked (bi_status)
    private bool _requestCompletion; // set by the block layer for a request-based device: completing empties the iterator

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

    /// <summary>The iterator's first sector, relative to <see cref="Device"/> (<c>bi_iter.bi_sector</c>). Stacked devices remap it.</summary>
    public long Sector { get; set; }

    /// <summary>The device the bio was last submitted to.</summary>
    public IBlockDevice? Device { get; set; }

    /// <summary>The I/O priority the request asked for.</summary>
    public ushort Priority { get; set; }

    /// <summary>The bytes the iterator still covers (<c>bi_iter.bi_size</c>).</summary>
    public long Size => _size;

    /// <summary>The sectors the iterator still covers.</summary>
    public long SectorCount => _size >> DmIoConstants.SectorShift;

    /// <summary>The completion status; meaningful once the bio has completed.</summary>
    public BlkStatus Status => (BlkStatus)Volatile.Read(ref _status);

    /// <summary>True once every completion the bio owed has arrived and its owner was told.</summary>
    public bool IsCompleted => Volatile.Read(ref _remaining) <= 0 && _endIo is not null;

    /// <summary>The memory segments the iterator still covers, in order; empty for discard, write-zeroes and empty flushes.</summary>
    public ReadOnlySpan<Memory<byte>> Segments => _vecs.AsSpan(_iterIndex, _vecCount - _iterIndex);

    /// <summary>The number of segments the iterator still covers.</summary>
    public int SegmentCount => _vecCount - _iterIndex;

    /// <summary>The vectors this bio was allocated for (<c>bi_max_vecs</c>).</summary>
    public int MaxVecs => _maxVecs;

    /// <summary>The vectors in the table, done or not (<c>bi_vcnt</c>).</summary>
    public int VecCount => _vecCount;

    /// <summary>
    /// Who hears about completion (<c>bi_end_io</c>). A layer that must see a bio complete without cloning it (a
    /// tracer, as dm's <c>dm_hook_bio</c> does) swaps in its own handler before passing the bio on, and hands the bio
    /// to the saved handler when it completes.
    /// </summary>
    public IBioEndIo EndIoHandler
    {
        get => _endIo ?? throw new InvalidOperationException("The bio has not been initialised.");
        set => _endIo = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Owner data for the completion handler (<c>bi_private</c>).</summary>
    public object? Private { get; set; }

    /// <summary>
    /// A second owner field; the engine keeps the region number here (the kernel packs it into <c>bi_private</c>).
    /// Only the bio's owner sets it, through <see cref="SetPrivateIndex"/>: a device a bio is submitted to can read
    /// it but cannot change the region its submitter's completion will charge.
    /// </summary>
    public int PrivateIndex { get; private set; }

    /// <summary>
    /// Sets <see cref="PrivateIndex"/>. Only the bio's owner may: the one that hears its completion
    /// (<paramref name="owner"/> must be the <see cref="IBioEndIo"/> the bio was initialised with, or set to since).
    /// </summary>
    /// <param name="owner">The bio's completion handler, as proof of ownership.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException"><paramref name="owner"/> is not the bio's completion handler (a device that received the bio, for instance).</exception>
    public void SetPrivateIndex(IBioEndIo owner, int value)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!ReferenceEquals(owner, _endIo))
        {
            throw new InvalidOperationException($"Only the owner of {this} (its completion handler) may set its PrivateIndex.");
        }

        PrivateIndex = value;
    }

    /// <summary>Prepares the bio for a new life.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="flags">The flags.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="endIo">Who to tell at completion.</param>
    /// <param name="vecCapacity">How many vectors may be added (at most 256).</param>
    public void Init(BioOperation operation, BioFlags flags, long sector, IBioEndIo endIo, int vecCapacity = DmIoConstants.BioMaxVecs)
    {
        ArgumentNullException.ThrowIfNull(endIo);
        ArgumentOutOfRangeException.ThrowIfNegative(vecCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vecCapacity, DmIoConstants.BioMaxVecs);
        Operation = operation;
        Flags = flags;
        Sector = sector;
        _endIo = endIo;
        _vecs.AsSpan(0, _vecCount).Clear();
        _places.AsSpan(0, _vecCount).Clear();
        EnsureVectors(vecCapacity);
        _vecCount = 0;
        _iterIndex = 0;
        _size = 0;
        _maxVecs = vecCapacity;
        _requestCompletion = false;
        Volatile.Write(ref _status, (int)BlkStatus.Ok);
        Device = null;
        Private = null;
        PrivateIndex = 0;
        Priority = 0;
        Id = 0;
        Volatile.Write(ref _remaining, 1);
    }

    /// <summary>
    /// Adds <paramref name="bytes"/> the way <c>bio_add_page</c> does: merged into the last vector when they
    /// physically continue it (<paramref name="place"/> is in the same contiguous memory, right after it), else into
    /// a new vector while the table has room; never past 4 GiB in all. No queue limit is consulted.
    /// </summary>
    /// <param name="bytes">The bytes; a whole number of sectors.</param>
    /// <param name="place">Where they sit in modelled physical memory.</param>
    /// <returns>The bytes added: all of them, or 0 when the bio is full.</returns>
    public int AddPage(Memory<byte> bytes, BioSegmentPlace place)
    {
        if (_size > uint.MaxValue - bytes.Length)
        {
            return 0;
        }

        if (_vecCount > 0 && _iterIndex == 0 && TryMergeIntoLast(bytes, place))
        {
            _size += bytes.Length;
            return bytes.Length;
        }

        if (_vecCount >= _maxVecs)
        {
            return 0;
        }

        _vecs[_vecCount] = bytes;
        _places[_vecCount] = place;
        _vecCount++;
        _size += bytes.Length;
        return bytes.Length;
    }

    /// <summary>
    /// Adds a segment in a vector of its own if the table has room (memory with no known physical place, which is
    /// never merged). Adds nothing when it returns false.
    /// </summary>
    /// <param name="segment">The bytes; a whole number of sectors.</param>
    /// <returns>True when added.</returns>
    public bool TryAddSegment(Memory<byte> segment)
    {
        if (_vecCount >= _maxVecs || _size > uint.MaxValue - segment.Length)
        {
            return false;
        }

        _vecs[_vecCount] = segment;
        _places[_vecCount] = default;
        _vecCount++;
        _size += segment.Length;
        return true;
    }

    /// <summary>
    /// Fills this (freshly initialised) bio with bytes [<paramref name="byteOffset"/>, +<paramref name="byteLength"/>)
    /// of what <paramref name="source"/>'s iterator covers, keeping each vector's physical place: a clone of part
    /// of another bio (<c>bio_alloc_clone</c> plus <c>bio_trim</c>), which is how device-mapper and the block layer's
    /// split build their pieces.
    /// </summary>
    /// <param name="source">The bio whose memory is shared.</param>
    /// <param name="byteOffset">Where the piece starts in <paramref name="source"/>'s remaining bytes.</param>
    /// <param name="byteLength">The piece's length in bytes.</param>
    public void CloneRangeOf(Bio source, long byteOffset, long byteLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (byteOffset < 0 || byteLength < 0 || byteOffset > source._size - byteLength)
        {
            throw new ArgumentOutOfRangeException(nameof(byteLength), $"Bytes {byteOffset}+{byteLength} are not inside the {source._size} bytes of {source}.");
        }

        if (_vecCount != 0)
        {
            throw new InvalidOperationException("A clone starts from an empty bio.");
        }

        if (source._vecCount == 0)
        {
            _size = byteLength; // discard, write-zeroes or an empty flush: only the size travels
            return;
        }

        EnsureVectors(source._vecCount - source._iterIndex);
        long skip = byteOffset;
        long left = byteLength;
        for (int i = source._iterIndex; i < source._vecCount && left > 0; i++)
        {
            Memory<byte> vec = source._vecs[i];
            if (skip >= vec.Length)
            {
                skip -= vec.Length;
                continue;
            }

            int take = (int)Math.Min(vec.Length - skip, left);
            _vecs[_vecCount] = vec.Slice((int)skip, take);
            _places[_vecCount] = source._places[i].Plus(skip);
            _vecCount++;
            left -= take;
            skip = 0;
        }

        _maxVecs = Math.Max(_maxVecs, _vecCount);
        _size = byteLength;
    }

    /// <summary>The physical place of segment <paramref name="index"/> of <see cref="Segments"/>.</summary>
    /// <param name="index">0 for the segment the iterator is in.</param>
    /// <returns>Its place; the default place for memory added without one.</returns>
    public BioSegmentPlace PlaceOf(int index) => _places[_iterIndex + index];

    /// <summary>Sets the size of a bio that carries no memory (discard, write-zeroes, an empty flush).</summary>
    /// <param name="bytes">The bytes covered; a whole number of sectors.</param>
    public void SetDatalessSize(long bytes)
    {
        if (_vecCount != 0)
        {
            throw new InvalidOperationException("A bio with memory segments takes its size from them.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _size = bytes;
    }

    /// <summary>
    /// Moves the iterator past the first <paramref name="bytes"/> bytes (<c>bio_advance</c>): <see cref="Sector"/>
    /// and <see cref="Size"/> move on, and the segments that are done drop out of <see cref="Segments"/>.
    /// </summary>
    /// <param name="bytes">A whole number of sectors, at most <see cref="Size"/>.</param>
    public void Advance(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, _size);
        Sector += bytes >> DmIoConstants.SectorShift;
        _size -= bytes;
        while (bytes > 0 && _iterIndex < _vecCount)
        {
            Memory<byte> vec = _vecs[_iterIndex];
            if (bytes >= vec.Length)
            {
                bytes -= vec.Length;
                _iterIndex++;
                continue;
            }

            _vecs[_iterIndex] = vec[(int)bytes..];
            _places[_iterIndex] = _places[_iterIndex].Plus(bytes);
            bytes = 0;
        }
    }

    /// <summary>
    /// Owes one more completion (<c>bio_inc_remaining</c>): call before submitting a bio again while an earlier
    /// submission of it may still complete, as device-mapper does with the rest of a bio it splits.
    /// </summary>
    public void IncRemaining() => Interlocked.Increment(ref _remaining);

    /// <summary>
    /// Makes <paramref name="piece"/> complete into this bio (<c>bio_chain</c>): this bio then also waits for the
    /// piece, and takes the piece's failure if it has none yet. Call before submitting the piece.
    /// </summary>
    /// <param name="piece">A bio split off this one; its completion handler is replaced.</param>
    public void Chain(Bio piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        piece._endIo = new ChainEnd(this);
        IncRemaining();
    }

    /// <summary>
    /// Completes one submission of the bio with <paramref name="status"/>; the owner hears once every completion
    /// the bio owes has arrived. A device calls this exactly once per bio it was given; a call beyond what is owed
    /// throws <see cref="InvalidOperationException"/>, so double completion is never silent.
    /// </summary>
    /// <param name="status">The outcome.</param>
    public void Complete(BlkStatus status)
    {
        if (Volatile.Read(ref _remaining) <= 0)
        {
            throw new InvalidOperationException($"Bio {Id} ({Operation.ToShortName()} at sector {Sector}) was completed twice.");
        }

        if (status != BlkStatus.Ok)
        {
            Volatile.Write(ref _status, (int)status);
        }

        Put();
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

    /// <summary>
    /// Zeroes what the iterator still covers and nothing else (<c>zero_fill_bio</c>): after a device-mapper split
    /// that is the last piece, after a request-based device completed it nothing at all.
    /// </summary>
    public void ZeroFill()
    {
        foreach (Memory<byte> segment in Segments)
        {
            segment.Span.Clear();
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"bio {Id} {Operation.ToShortName()}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} {Device?.Name}[{Sector}+{SectorCount}] segs={SegmentCount}";

    /// <summary>Marks the bio as handed to a request-based device: its completion empties the iterator first.</summary>
    internal void MarkRequestCompletion() => _requestCompletion = true;

    // A bio's table is as long as the largest capacity it was given (a bio-set slab, not always 256 entries), so a
    // pooled bio that only ever carries small I/O stays small and many in flight stay cache-friendly.
    private void EnsureVectors(int count)
    {
        if (_vecs.Length < count)
        {
            _vecs = new Memory<byte>[count];
            _places = new BioSegmentPlace[count];
        }
    }

    private bool TryMergeIntoLast(Memory<byte> bytes, BioSegmentPlace place)
    {
        int last = _vecCount - 1;
        BioSegmentPlace lastPlace = _places[last];
        Memory<byte> lastVec = _vecs[last];
        if (!lastPlace.IsContinuedBy(lastVec.Length, place) || !SegmentMemory.TryJoin(lastVec, bytes, out Memory<byte> joined))
        {
            return false;
        }

        _vecs[last] = joined;
        return true;
    }

    private void Put()
    {
        int left = Interlocked.Decrement(ref _remaining);
        if (left > 0)
        {
            return;
        }

        if (left < 0)
        {
            throw new InvalidOperationException($"Bio {Id} ({Operation.ToShortName()} at sector {Sector}) was completed twice.");
        }

        if (_requestCompletion)
        {
            // blk_update_request: completing a request advances its bios over every byte, done or failed.
            _requestCompletion = false;
            Advance(_size);
        }

        _endIo!.EndIo(this);
    }

    /// <summary>A chained piece's completion (<c>bio_chain_endio</c>): pass a failure up if none is there, then complete the parent once.</summary>
    private sealed class ChainEnd(Bio parent) : IBioEndIo
    {
        public void EndIo(Bio bio)
        {
            if (bio.Status != BlkStatus.Ok)
            {
                Interlocked.CompareExchange(ref parent._status, (int)bio.Status, (int)BlkStatus.Ok);
            }

            parent.Put();
        }
    }
}
