using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Logs;

/// <summary>
/// The arguments both local logs share, <c>&lt;region_size&gt; [[no]sync]</c>, checked as 6.12's
/// <c>create_log_context</c> checks them (the sync word first, then the region size, then the region count), with the
/// region count and bitset size derived from the mirrored target's length.
/// </summary>
internal sealed record DirtyLogParameters(uint RegionSize, DirtyLogSync Sync, long RegionCount)
{
    /// <summary>The kernel's <c>BITS_PER_LONG</c> on the 64-bit machines it is built for: bitsets are whole longs.</summary>
    public const int BitsPerLong = 64;

    /// <summary>Bytes of one bitset: the region count rounded up to whole longs (<c>dm_round_up(region_count, BITS_PER_LONG) &gt;&gt; 3</c>).</summary>
    public int BitsetBytes => (int)(((RegionCount + BitsPerLong - 1) / BitsPerLong * BitsPerLong) >> 3);

    /// <summary>Parses <paramref name="args"/> for a log over a target of <paramref name="targetSectors"/> sectors.</summary>
    /// <param name="args">The region size, then optionally <c>sync</c> or <c>nosync</c>.</param>
    /// <param name="targetSectors">The mirrored target's length (<c>ti-&gt;len</c>).</param>
    /// <param name="countMessage">The kernel's text for a wrong number of arguments (the core and disk logs differ).</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The kernel's DMWARN text for what is wrong.</exception>
    public static DirtyLogParameters Parse(IReadOnlyList<string> args, long targetSectors, string countMessage)
    {
        if (args.Count is < 1 or > 2)
        {
            throw new ArgumentException(countMessage);
        }

        DirtyLogSync sync = DirtyLogSync.Default;
        if (args.Count > 1)
        {
            sync = args[1] switch
            {
                "sync" => DirtyLogSync.ForceSync,
                "nosync" => DirtyLogSync.NoSync,
                _ => throw new ArgumentException($"unrecognised sync argument to dirty region log: {args[1]}"),
            };
        }

        if (!KernelScan.TryUnsigned32(args[0], out uint regionSize) || !IsValidRegionSize(regionSize, targetSectors))
        {
            throw new ArgumentException($"invalid region size {args[0]}");
        }

        long regionCount = (targetSectors + regionSize - 1) / regionSize; // dm_sector_div_up
        if (regionCount > uint.MaxValue)
        {
            throw new ArgumentException($"region count exceeds limit of {uint.MaxValue}");
        }

        return new DirtyLogParameters(regionSize, sync, regionCount);
    }

    // _check_region_size: at least 2 sectors, no larger than the target, a power of two.
    private static bool IsValidRegionSize(uint regionSize, long targetSectors) =>
        regionSize >= 2 && regionSize <= targetSectors && uint.IsPow2(regionSize);
}
