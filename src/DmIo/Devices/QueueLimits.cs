namespace DmIo;

/// <summary>
/// What a block device accepts in one bio (the kernel's <c>struct queue_limits</c>). Values are checked by
/// <see cref="Validate"/>, which every device calls when it is created; the minimums match the kernel's clamps
/// (a bio can always hold at least one full page), so splitting always makes progress. The limits the kernel's own
/// drivers show by default are named in <c>QueueLimits.KernelDefaults.cs</c>; how stacked devices combine them is
/// <see cref="Stack"/>.
/// </summary>
public sealed partial record QueueLimits
{
    /// <summary>
    /// The record's plain default: a 512-byte-sector disk that supports discard and write-zeroes and has no volatile
    /// cache. No backend uses it when built without limits; each shows its kernel counterpart's (see <see cref="Brd"/>).
    /// </summary>
    public static QueueLimits Default { get; } = new();

    /// <summary>The smallest unit the device addresses, in bytes: a power of two from 512 to 4096.</summary>
    public int LogicalBlockSize { get; init; } = DmIoConstants.SectorSize;

    /// <summary>The device's internal block size in bytes: a power of two, at least the logical block size.</summary>
    public int PhysicalBlockSize { get; init; } = DmIoConstants.SectorSize;

    /// <summary>
    /// The most sectors one request may carry (<c>max_sectors</c>): at least 8 (one page), at most 2^32 - 1, a whole
    /// number of logical blocks. Only the block layer's split of a request-based device imposes it.
    /// </summary>
    public long MaxSectors { get; init; } = 2560;

    /// <summary>
    /// The hardware's own ceiling on <see cref="MaxSectors"/> (<c>max_hw_sectors</c>); 0 means not given, i.e. the
    /// same as <see cref="MaxSectors"/>. Informational: splitting uses <see cref="MaxSectors"/>.
    /// </summary>
    public long MaxHwSectors { get; init; }

    /// <summary>The most memory segments one request may carry (<c>max_segments</c>): 1 to 65535.</summary>
    public int MaxSegments { get; init; } = 128;

    /// <summary>The largest single memory segment in bytes (<c>max_segment_size</c>): one page to 2^32 - 1.</summary>
    public long MaxSegmentSize { get; init; } = 65536;

    /// <summary>
    /// A segment may not cross an address boundary of this mask + 1 (<c>seg_boundary_mask</c>): 2^n - 1 with
    /// n from 12 to 63; the kernel's default is 0xFFFFFFFF.
    /// </summary>
    public long SegmentBoundaryMask { get; init; } = 0xFFFF_FFFFL;

    /// <summary>
    /// Segments after the first must start, and segments before the last must end, on this mask + 1 inside their
    /// page (<c>virt_boundary_mask</c>, NVMe's PRP rule): 0 for none, else 2^n - 1 below the page size.
    /// </summary>
    public int VirtBoundaryMask { get; init; }

    /// <summary>
    /// Requests may not cross a multiple of this many sectors (<c>chunk_sectors</c>, a RAID chunk or zone): 0 for
    /// none. Not necessarily a power of two: since 6.9 the kernel stacks it as a gcd and dm-stripe sets any chunk size.
    /// </summary>
    public long ChunkSectors { get; init; }

    /// <summary>The smallest preferred I/O size in bytes (<c>io_min</c>); informational, 0 for none.</summary>
    public long IoMin { get; init; }

    /// <summary>The optimal I/O size in bytes (<c>io_opt</c>); informational, 0 for none.</summary>
    public long IoOpt { get; init; }

    /// <summary>
    /// The discard allocation unit in bytes (<c>discard_granularity</c>): discard pieces are split at its
    /// multiples. 0 for none, else a multiple of the logical block size.
    /// </summary>
    public long DiscardGranularity { get; init; }

    /// <summary>The most sectors one discard bio may cover; 0 means the device does not support discard.</summary>
    public long MaxDiscardSectors { get; init; } = 1L << 22;

    /// <summary>The most sectors one write-zeroes bio may cover; 0 means the device does not support write-zeroes.</summary>
    public long MaxWriteZeroesSectors { get; init; } = 1L << 22;

    /// <summary>True when the device has a volatile write cache, so PREFLUSH and FUA mean something to it.</summary>
    public bool VolatileWriteCache { get; init; }

    /// <summary>True when the device implements FUA natively.</summary>
    public bool Fua { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is out of range.</summary>
    /// <param name="paramName">The parameter name to blame, for callers validating their own arguments.</param>
    /// <returns>This instance, so a constructor can validate and store in one step.</returns>
    public QueueLimits Validate(string paramName = "limits")
    {
        if (!IsPowerOfTwo(LogicalBlockSize) || LogicalBlockSize < DmIoConstants.SectorSize || LogicalBlockSize > DmIoConstants.PageSize)
        {
            throw new ArgumentException($"{nameof(LogicalBlockSize)} must be a power of two from 512 to 4096, not {LogicalBlockSize}.", paramName);
        }

        if (!IsPowerOfTwo(PhysicalBlockSize) || PhysicalBlockSize < LogicalBlockSize)
        {
            throw new ArgumentException($"{nameof(PhysicalBlockSize)} must be a power of two no smaller than {nameof(LogicalBlockSize)} ({LogicalBlockSize}), not {PhysicalBlockSize}.", paramName);
        }

        if (MaxSectors < DmIoConstants.SectorsPerPage || MaxSectors > uint.MaxValue || (MaxSectors << DmIoConstants.SectorShift) % LogicalBlockSize != 0)
        {
            throw new ArgumentException($"{nameof(MaxSectors)} must be from {DmIoConstants.SectorsPerPage} to {uint.MaxValue} and a whole number of logical blocks, not {MaxSectors}.", paramName);
        }

        if (MaxHwSectors != 0 && (MaxHwSectors < MaxSectors || MaxHwSectors > uint.MaxValue))
        {
            throw new ArgumentException($"{nameof(MaxHwSectors)} must be 0 or from {nameof(MaxSectors)} ({MaxSectors}) to {uint.MaxValue}, not {MaxHwSectors}.", paramName);
        }

        if (MaxSegments < 1 || MaxSegments > ushort.MaxValue)
        {
            throw new ArgumentException($"{nameof(MaxSegments)} must be from 1 to {ushort.MaxValue}, not {MaxSegments}.", paramName);
        }

        if (MaxSegmentSize < DmIoConstants.PageSize || MaxSegmentSize > uint.MaxValue)
        {
            throw new ArgumentException($"{nameof(MaxSegmentSize)} must be from one page ({DmIoConstants.PageSize}) to {uint.MaxValue}, not {MaxSegmentSize}.", paramName);
        }

        if (SegmentBoundaryMask < DmIoConstants.PageSize - 1 || !IsPowerOfTwo(SegmentBoundaryMask + 1))
        {
            throw new ArgumentException($"{nameof(SegmentBoundaryMask)} must be 2^n - 1 and at least {DmIoConstants.PageSize - 1}, not {SegmentBoundaryMask}.", paramName);
        }

        if (VirtBoundaryMask < 0 || VirtBoundaryMask >= DmIoConstants.PageSize || !IsPowerOfTwo((long)VirtBoundaryMask + 1))
        {
            throw new ArgumentException($"{nameof(VirtBoundaryMask)} must be 0 or 2^n - 1 below the page size, not {VirtBoundaryMask}.", paramName);
        }

        if (ChunkSectors < 0 || ChunkSectors > uint.MaxValue)
        {
            throw new ArgumentException($"{nameof(ChunkSectors)} must be from 0 to {uint.MaxValue}, not {ChunkSectors}.", paramName);
        }

        if (IoMin < 0 || IoOpt < 0)
        {
            throw new ArgumentException($"{nameof(IoMin)} and {nameof(IoOpt)} must not be negative, not {IoMin} and {IoOpt}.", paramName);
        }

        if (DiscardGranularity < 0 || DiscardGranularity % LogicalBlockSize != 0)
        {
            throw new ArgumentException($"{nameof(DiscardGranularity)} must be 0 or a whole number of logical blocks ({LogicalBlockSize} bytes), not {DiscardGranularity}.", paramName);
        }

        if (MaxDiscardSectors < 0 || MaxDiscardSectors % (LogicalBlockSize >> DmIoConstants.SectorShift) != 0)
        {
            throw new ArgumentException($"{nameof(MaxDiscardSectors)} must be 0 or a positive whole number of logical blocks, not {MaxDiscardSectors}.", paramName);
        }

        if (MaxWriteZeroesSectors < 0 || MaxWriteZeroesSectors % (LogicalBlockSize >> DmIoConstants.SectorShift) != 0)
        {
            throw new ArgumentException($"{nameof(MaxWriteZeroesSectors)} must be 0 or a positive whole number of logical blocks, not {MaxWriteZeroesSectors}.", paramName);
        }

        return this;
    }

    private static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;
}
