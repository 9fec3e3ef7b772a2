namespace DmIo.VirtualDevices;

/// <summary>
/// An in-memory device that only spends memory on what was written: its contents live in fixed-size pages
/// allocated on the first write that touches them. Never-written sectors read as zeros. DISCARD and
/// WRITE_ZEROES free every page they cover completely and zero the covered part of the pages they only touch,
/// so a terabyte device costs roughly the pages written plus a dictionary entry each. Like <see cref="MemoryDevice"/>
/// it is a ram disk (brd, bio-based) by default or a memory-backed <c>null_blk</c> (request-based), with that
/// driver's limits unless given others.
/// </summary>
public sealed class SparseMemoryDevice : StorageDeviceBase
{
    /// <summary>The page size used when none is given: one memory page (4096 bytes).</summary>
    public const int DefaultPageSize = DmIoConstants.PageSize;

    /// <summary>The largest page size accepted (1 MiB): larger pages would waste memory on small writes.</summary>
    public const int MaxPageSize = 1 << 20;

    private readonly Dictionary<long, byte[]> _pages = new(); // page index -> contents; absent means all zeros
    private readonly int _pageShift;                          // log2 of PageSize
    private long _allocatedPages;                             // _pages.Count, readable without the lock

    /// <summary>Creates an empty (all-zero) device that allocates nothing until written.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; any positive whole number of logical blocks.</param>
    /// <param name="limits">Its queue limits; its counterpart's (<see cref="MemoryQueueDefaults.LimitsFor"/>) when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    /// <param name="pageSize">Bytes per allocation page: a power of two from the logical block size to <see cref="MaxPageSize"/>.</param>
    /// <param name="queueKind">Bio-based (a ram disk, the default) or request-based (<c>null_blk</c>).</param>
    public SparseMemoryDevice(string name, long capacitySectors, QueueLimits? limits = null, DeviceCompletionMode completion = DeviceCompletionMode.Inline,
        IIoScheduler? scheduler = null, int pageSize = DefaultPageSize, BlockQueueKind queueKind = BlockQueueKind.BioBased)
        : base(name, CheckCapacity(capacitySectors), limits ?? MemoryQueueDefaults.LimitsFor(queueKind), completion, scheduler, queueKind)
    {
        if (pageSize < Limits.LogicalBlockSize || pageSize > MaxPageSize || (pageSize & (pageSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize,
                $"The page size must be a power of two from the logical block size ({Limits.LogicalBlockSize}) to {MaxPageSize}.");
        }

        PageSize = pageSize;
        _pageShift = System.Numerics.BitOperations.Log2((uint)pageSize);
    }

    /// <summary>Bytes per allocation page.</summary>
    public int PageSize { get; }

    /// <summary>Pages currently allocated.</summary>
    public long AllocatedPages => Interlocked.Read(ref _allocatedPages);

    /// <summary>Bytes of page data currently allocated (pages times page size), excluding bookkeeping.</summary>
    public long AllocatedBytes => AllocatedPages * PageSize;

    /// <inheritdoc />
    protected override void ReadBytes(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int within = (int)(offset & (PageSize - 1));
            int run = Math.Min(destination.Length, PageSize - within);
            if (_pages.TryGetValue(offset >> _pageShift, out byte[]? page))
            {
                page.AsSpan(within, run).CopyTo(destination);
            }
            else
            {
                destination[..run].Clear();
            }

            destination = destination[run..];
            offset += run;
        }
    }

    /// <inheritdoc />
    protected override void WriteBytes(long offset, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            int within = (int)(offset & (PageSize - 1));
            int run = Math.Min(source.Length, PageSize - within);
            long index = offset >> _pageShift;
            if (!_pages.TryGetValue(index, out byte[]? page))
            {
                page = new byte[PageSize];
                _pages.Add(index, page);
                Interlocked.Increment(ref _allocatedPages);
            }

            source[..run].CopyTo(page.AsSpan(within, run));
            source = source[run..];
            offset += run;
        }
    }

    /// <inheritdoc />
    protected override void ZeroBytes(long offset, long length)
    {
        long end = offset + length;
        while (offset < end)
        {
            int within = (int)(offset & (PageSize - 1));
            int run = (int)Math.Min(end - offset, PageSize - within);
            long index = offset >> _pageShift;
            if (run == PageSize)
            {
                if (_pages.Remove(index))
                {
                    Interlocked.Decrement(ref _allocatedPages); // a whole page of zeros is no page at all
                }
            }
            else if (_pages.TryGetValue(index, out byte[]? page))
            {
                page.AsSpan(within, run).Clear();
            }

            offset += run;
        }
    }

    /// <inheritdoc />
    protected override void VisitExtents(AllocatedExtentVisitor visitor)
    {
        long[] indices = [.. _pages.Keys];
        Array.Sort(indices);
        foreach (long index in indices)
        {
            long offset = index << _pageShift;
            visitor(offset, _pages[index].AsSpan(0, (int)Math.Min(PageSize, CapacityBytes - offset))); // a last page may pass the end
        }
    }

    // Any size addressable in bytes by a long is fine: nothing is allocated up front.
    private static long CheckCapacity(long capacitySectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacitySectors, long.MaxValue >> DmIoConstants.SectorShift);
        return capacitySectors;
    }
}
