namespace DmIo;

/// <summary>
/// What a block device accepts in one bio (the kernel's <c>struct queue_limits</c>). Values are checked by
/// <see cref="Validate"/>, which every device calls when it is created; the minimums match the kernel's clamps
/// (a bio can always hold at least one full page), so splitting always makes progress.
/// </summary>
public sealed record QueueLimits
{
    /// <summary>Limits of a plain 512-byte-sector disk that supports discard and write-zeroes and has no volatile cache.</summary>
    public static QueueLimits Default { get; } = new();

    /// <summary>The smallest unit the device addresses, in bytes: a power of two from 512 to 4096.</summary>
    public int LogicalBlockSize { get; init; } = DmIoConstants.SectorSize;

    /// <summary>The device's internal block size in bytes: a power of two, at least the logical block size.</summary>
    public int PhysicalBlockSize { get; init; } = DmIoConstants.SectorSize;

    /// <summary>The most sectors one bio may carry (<c>max_sectors</c>); at least 8 (one page).</summary>
    public int MaxSectors { get; init; } = 2560;

    /// <summary>The most memory segments one bio may carry (<c>max_segments</c>); at least 1.</summary>
    public int MaxSegments { get; init; } = 128;

    /// <summary>The largest single memory segment in bytes (<c>max_segment_size</c>); at least one page.</summary>
    public int MaxSegmentSize { get; init; } = 65536;

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

        if (MaxSectors < DmIoConstants.SectorsPerPage || ((long)MaxSectors << DmIoConstants.SectorShift) % LogicalBlockSize != 0)
        {
            throw new ArgumentException($"{nameof(MaxSectors)} must be at least {DmIoConstants.SectorsPerPage} and a whole number of logical blocks, not {MaxSectors}.", paramName);
        }

        if (MaxSegments < 1)
        {
            throw new ArgumentException($"{nameof(MaxSegments)} must be at least 1, not {MaxSegments}.", paramName);
        }

        if (MaxSegmentSize < DmIoConstants.PageSize)
        {
            throw new ArgumentException($"{nameof(MaxSegmentSize)} must be at least one page ({DmIoConstants.PageSize}), not {MaxSegmentSize}.", paramName);
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

    /// <summary>
    /// Combines the limits of a stacked device with those of a device beneath it the way the kernel's
    /// <c>blk_stack_limits</c> does: block sizes take the larger, size limits the smaller, and cache/FUA
    /// are present if either has them. A zero discard or write-zeroes limit on either side disables it.
    /// </summary>
    /// <param name="top">The stacked device's own limits.</param>
    /// <param name="bottom">The limits of one device it maps onto.</param>
    /// <returns>The combined limits.</returns>
    public static QueueLimits Stack(QueueLimits top, QueueLimits bottom)
    {
        ArgumentNullException.ThrowIfNull(top);
        ArgumentNullException.ThrowIfNull(bottom);
        int logical = Math.Max(top.LogicalBlockSize, bottom.LogicalBlockSize);
        return new QueueLimits
        {
            LogicalBlockSize = logical,
            PhysicalBlockSize = Math.Max(top.PhysicalBlockSize, bottom.PhysicalBlockSize),
            MaxSectors = Math.Min(top.MaxSectors, bottom.MaxSectors),
            MaxSegments = Math.Min(top.MaxSegments, bottom.MaxSegments),
            MaxSegmentSize = Math.Min(top.MaxSegmentSize, bottom.MaxSegmentSize),
            MaxDiscardSectors = Math.Min(top.MaxDiscardSectors, bottom.MaxDiscardSectors),
            MaxWriteZeroesSectors = Math.Min(top.MaxWriteZeroesSectors, bottom.MaxWriteZeroesSectors),
            VolatileWriteCache = top.VolatileWriteCache || bottom.VolatileWriteCache,
            Fua = top.Fua || bottom.Fua,
        };
    }

    private static bool IsPowerOfTwo(int value) => value > 0 && (value & (value - 1)) == 0;
}
