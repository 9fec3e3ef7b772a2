namespace DmIo;

/// <summary>
/// Finds where the block layer splits a bio for a request-based device (Linux 6.12 <c>__bio_split_to_limits</c>):
/// reads and writes by <c>bio_split_rw_at</c> against max_sectors, chunk_sectors, max_segments, max_segment_size,
/// seg_boundary_mask and virt_boundary_mask, rounded down to the logical block size; discards by
/// <c>__bio_split_discard</c> (max and granularity); write-zeroes by <c>bio_split_write_zeroes</c>. It only
/// computes the split point; <see cref="BlockLayer"/> splits and chains.
/// </summary>
internal static class BioSplitter
{
    /// <summary>
    /// Returns how many sectors from the front of <paramref name="bio"/> make the first request, or 0 when the
    /// whole bio fits (or the kernel would not split it).
    /// </summary>
    public static long SplitSectors(Bio bio, QueueLimits limits) => bio.Operation switch
    {
        BioOperation.Read or BioOperation.Write => SplitReadWrite(bio, limits),
        BioOperation.Discard => SplitDiscard(bio, limits),
        BioOperation.WriteZeroes => SplitWriteZeroes(bio, limits),
        _ => 0,
    };

    /// <summary>
    /// <c>get_max_io_size</c>: the most sectors one request may take from the bio's start: max_sectors (or the
    /// write-zeroes limit), cut at the next chunk boundary, ending on a physical block when there is room for one.
    /// </summary>
    public static long MaxIoSectors(Bio bio, QueueLimits limits)
    {
        long physicalSectors = limits.PhysicalBlockSize >> DmIoConstants.SectorShift;
        long logicalSectors = limits.LogicalBlockSize >> DmIoConstants.SectorShift;
        long max = bio.Operation == BioOperation.WriteZeroes ? limits.MaxWriteZeroesSectors : limits.MaxSectors;
        if (limits.ChunkSectors != 0)
        {
            // blk_boundary_sectors_left: any chunk size, not only powers of two (dm-stripe's chunk may be 24).
            max = Math.Min(max, limits.ChunkSectors - (bio.Sector % limits.ChunkSectors));
        }

        long start = bio.Sector & (physicalSectors - 1);
        long end = (start + max) & ~(physicalSectors - 1);
        return end > start ? end - start : max & ~(logicalSectors - 1);
    }

    private static long SplitReadWrite(Bio bio, QueueLimits limits)
    {
        // bio_may_need_split: one vector inside one page, and no chunks to respect, always fits (max_sectors is at
        // least a page, max_segments at least one). The common small I/O skips the walk below.
        if (limits.ChunkSectors == 0 && bio.SegmentCount == 1 &&
            bio.PlaceOf(0).PageOffset + bio.Segments[0].Length <= DmIoConstants.PageSize)
        {
            return 0;
        }

        long maxBytes = MaxIoSectors(bio, limits) << DmIoConstants.SectorShift;
        long segments = 0;
        long bytes = 0;
        bool havePrevious = false;
        int previousEnd = 0; // bv_offset + bv_len of the previous vector, for the virt boundary test
        ReadOnlySpan<Memory<byte>> vectors = bio.Segments;
        for (int i = 0; i < vectors.Length; i++)
        {
            int length = vectors[i].Length;
            BioSegmentPlace place = bio.PlaceOf(i);
            int offset = place.PageOffset;
            if (havePrevious && limits.VirtBoundaryMask != 0 &&
                ((offset & limits.VirtBoundaryMask) != 0 || (previousEnd & limits.VirtBoundaryMask) != 0))
            {
                return AlignDown(bytes, limits);
            }

            if (segments < limits.MaxSegments && bytes + length <= maxBytes && offset + length <= DmIoConstants.PageSize)
            {
                segments++;
                bytes += length;
            }
            else if (SplitVector(limits, place, offset, length, ref segments, ref bytes, maxBytes))
            {
                return AlignDown(bytes, limits);
            }

            havePrevious = true;
            previousEnd = offset + length;
        }

        return 0;
    }

    /// <summary><c>bvec_split_segs</c>: counts the segments a vector needs; true when it does not fit whole.</summary>
    private static bool SplitVector(QueueLimits limits, BioSegmentPlace place, int offset, int length,
        ref long segments, ref long bytes, long maxBytes)
    {
        long maxLength = Math.Min(maxBytes, uint.MaxValue) - bytes;
        long left = Math.Min(length, maxLength);
        long total = 0;
        while (left > 0 && segments < limits.MaxSegments)
        {
            long address = place.Address + total;
            long toBoundary = limits.SegmentBoundaryMask - (limits.SegmentBoundaryMask & address);
            long segment = Math.Min(left, Math.Min(toBoundary, limits.MaxSegmentSize - 1) + 1);
            segments++;
            total += segment;
            left -= segment;
            if (((offset + total) & limits.VirtBoundaryMask) != 0)
            {
                break;
            }
        }

        bytes += total;
        return left > 0 || length > maxLength;
    }

    private static long AlignDown(long bytes, QueueLimits limits) =>
        (bytes - (bytes % limits.LogicalBlockSize)) >> DmIoConstants.SectorShift;

    private static long SplitDiscard(Bio bio, QueueLimits limits)
    {
        long granularity = Math.Max(limits.DiscardGranularity >> DmIoConstants.SectorShift, 1);
        long allowed = (uint.MaxValue - (uint.MaxValue % (uint)limits.LogicalBlockSize)) >> DmIoConstants.SectorShift; // bio_allowed_max_sectors
        long max = Math.Min(limits.MaxDiscardSectors, allowed);
        max -= max % granularity;
        if (max == 0 || bio.SectorCount <= max)
        {
            return 0;
        }

        // Stop at the previous granularity boundary if the next piece would start misaligned.
        long split = max;
        long misaligned = (bio.Sector + split) % granularity;
        return split > misaligned ? split - misaligned : split;
    }

    private static long SplitWriteZeroes(Bio bio, QueueLimits limits)
    {
        long max = MaxIoSectors(bio, limits);
        return max == 0 || bio.SectorCount <= max ? 0 : max;
    }
}
