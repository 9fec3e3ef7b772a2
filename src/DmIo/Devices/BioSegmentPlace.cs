namespace DmIo;

/// <summary>
/// Where a bio segment sits in modelled physical memory: the run of physically contiguous memory it belongs to
/// (<see cref="Frame"/>, an object standing for that run) and its byte address inside the run. Two segments
/// physically continue each other only inside one frame, which is how <c>bio_add_page</c> decides to merge
/// (<c>bvec_try_merge_page</c>) and how the block layer finds segment boundaries. A frame starts on an address
/// aligned to every boundary a queue can ask for, so <see cref="Address"/> modulo the page size is the
/// segment's offset inside its page.
/// </summary>
/// <param name="Frame">The contiguous run: a <see cref="Page"/> for page lists and bio vectors, one object per
/// KMEM buffer; null for memory that continues nothing (each page of a VM buffer, bytes of unknown origin).</param>
/// <param name="Address">The byte address inside <paramref name="Frame"/>.</param>
public readonly record struct BioSegmentPlace(object? Frame, long Address)
{
    /// <summary>The segment's offset inside its page (<c>bv_offset</c>).</summary>
    public int PageOffset => (int)(Address & (DmIoConstants.PageSize - 1));

    /// <summary>The place <paramref name="bytes"/> further on in the same run.</summary>
    /// <param name="bytes">How far.</param>
    /// <returns>The new place.</returns>
    public BioSegmentPlace Plus(long bytes) => this with { Address = Address + bytes };

    /// <summary>True when a segment at <paramref name="next"/> starts right where <paramref name="length"/> bytes from here end, in the same frame.</summary>
    /// <param name="length">The length of the segment at this place.</param>
    /// <param name="next">The place of the segment that might continue it.</param>
    /// <returns>Whether the two are physically contiguous.</returns>
    public bool IsContinuedBy(long length, BioSegmentPlace next) =>
        Frame is not null && ReferenceEquals(Frame, next.Frame) && Address + length == next.Address;
}
