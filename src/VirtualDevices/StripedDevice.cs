using System.Globalization;
using System.Text;
using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices;

/// <summary>
/// The kernel's <c>striped</c> target (dm-striped, RAID 0): logical chunks of <see cref="ChunkSectors"/> go to the
/// legs round-robin — chunk <c>c</c> lives on leg <c>c mod N</c> at leg chunk <c>c / N</c>. Table syntax:
/// <c>&lt;start&gt; &lt;length&gt; striped &lt;#stripes&gt; &lt;chunk_size&gt; &lt;dev&gt; &lt;offset&gt; [&lt;dev&gt; &lt;offset&gt;]...</c>.
/// </summary>
/// <remarks>
/// <para>Read and write bios are split at chunk boundaries into one child per chunk piece. Discard and
/// write-zeroes bios are instead mapped as dm-stripe's <c>stripe_map_range</c> does: the chunks a range covers
/// on one leg are contiguous there, so each leg gets at most one child.</para>
/// <para>Limits: the legs' limits stacked (<see cref="LimitStacking"/>), then dm-stripe's <c>io_hints</c>
/// (<see cref="TargetLimitTraits.Striped"/>): <c>chunk_sectors</c> the chunk, <c>io_min</c> the chunk in bytes, <c>io_opt</c>
/// that times the leg count. The stacked size limits are already right for discard and
/// write-zeroes — each leg's child is a sub-range of the parent, so it never exceeds the smallest leg limit —
/// and for data bios, whose children are never larger than the parent. As in the kernel, the chunk size need not
/// be a power of two, but must be a whole number of logical blocks; the length must divide into the legs and
/// each leg's share into chunks.</para>
/// </remarks>
public sealed class StripedDevice : StackedDeviceBase, IDeviceMapperTarget, ITargetText
{
    private readonly StripeLeg[] _legs; // the legs, in stripe order
    private readonly int[] _errorCounts; // failed bios per leg (stripe_end_io's error_count), for the status

    /// <summary>Creates a striped device of <paramref name="lengthSectors"/> sectors over <paramref name="legs"/>.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="legs">The legs, in stripe order; at least one.</param>
    /// <param name="chunkSectors">The chunk size in sectors: positive, a whole number of logical blocks.</param>
    /// <param name="lengthSectors">The capacity: a multiple of the leg count, with each leg's share a multiple of the chunk size.</param>
    /// <param name="limits">Extra limits of this device's own, stacked over the legs'; null for none.</param>
    public StripedDevice(string name, IReadOnlyList<StripeLeg> legs, long chunkSectors, long lengthSectors, QueueLimits? limits = null)
        : base(name, lengthSectors, LegDevices(legs), TargetLimitTraits.Striped(chunkSectors, legs.Count), limits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSectors, 1);
        if (!SectorMath.IsWholeBlocks(chunkSectors, Limits.LogicalBlockSize))
        {
            throw new ArgumentException($"The chunk size ({chunkSectors} sectors) must be a whole number of logical blocks ({Limits.LogicalBlockSize} bytes).", nameof(chunkSectors));
        }

        if (lengthSectors % legs.Count != 0)
        {
            throw new ArgumentException($"The length ({lengthSectors} sectors) does not divide into {legs.Count} stripes.", nameof(lengthSectors));
        }

        long width = lengthSectors / legs.Count;
        if (width % chunkSectors != 0)
        {
            throw new ArgumentException($"Each stripe's share ({width} sectors) is not a whole number of chunks ({chunkSectors} sectors).", nameof(chunkSectors));
        }

        for (int i = 0; i < legs.Count; i++)
        {
            StripeLeg leg = legs[i];
            if (leg.OffsetSectors < 0 || leg.OffsetSectors > leg.Device.CapacitySectors - width)
            {
                throw new ArgumentOutOfRangeException(nameof(legs), leg.OffsetSectors,
                    $"Leg {i}: {leg.OffsetSectors}+{width} sectors does not fit on '{leg.Device.Name}' ({leg.Device.CapacitySectors} sectors).");
            }

            if (!SectorMath.IsWholeBlocks(leg.OffsetSectors, leg.Device.Limits.LogicalBlockSize))
            {
                throw new ArgumentException($"Leg {i}: offset {leg.OffsetSectors} is not aligned to '{leg.Device.Name}''s logical block size.", nameof(legs));
            }
        }

        _legs = [.. legs];
        _errorCounts = new int[_legs.Length];
        ChunkSectors = chunkSectors;
        StripeWidthSectors = width;
    }

    /// <summary>The legs, in stripe order.</summary>
    public IReadOnlyList<StripeLeg> Legs => _legs;

    /// <summary>The chunk size in sectors.</summary>
    public long ChunkSectors { get; }

    /// <summary>A stripe splits every bio at its chunks (<c>dm_set_target_max_io_len(ti, chunk_size)</c>).</summary>
    public long MaxIoLenSectors => ChunkSectors;

    /// <summary>Sectors each leg contributes (capacity / legs).</summary>
    public long StripeWidthSectors { get; }

    /// <inheritdoc />
    public string TargetType => "striped";

    /// <summary>The table text as 6.12's <c>stripe_status</c> prints it: <c>&lt;#stripes&gt; &lt;chunk_size&gt; (&lt;dev&gt; &lt;offset&gt;)+</c>.</summary>
    public string Table
    {
        get
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{_legs.Length} {ChunkSectors}");
            foreach (StripeLeg leg in _legs)
            {
                text.Append(CultureInfo.InvariantCulture, $" {leg.Device.Name} {leg.OffsetSectors}");
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// The status as 6.12's <c>stripe_status</c> prints it: <c>&lt;#stripes&gt; (&lt;dev&gt; )+1 &lt;health&gt;</c>, one health
    /// character per leg: <c>D</c> once a bio on that leg's device has failed (any error but not-supported, counted as
    /// <c>stripe_end_io</c> does, for every leg on the same device), else <c>A</c>.
    /// </summary>
    public string Status
    {
        get
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{_legs.Length} ");
            foreach (StripeLeg leg in _legs)
            {
                text.Append(leg.Device.Name).Append(' ');
            }

            text.Append("1 ");
            for (int i = 0; i < _legs.Length; i++)
            {
                text.Append(Volatile.Read(ref _errorCounts[i]) != 0 ? 'D' : 'A');
            }

            return text.ToString();
        }
    }

    /// <summary>Failed bios counted per leg (<c>stripe_end_io</c>'s <c>error_count</c>).</summary>
    /// <param name="leg">The leg, in stripe order.</param>
    /// <returns>How many of its bios failed.</returns>
    public int ErrorCount(int leg) => Volatile.Read(ref _errorCounts[leg]);

    /// <inheritdoc />
    private protected override void PieceFailed(int lowerIndex, BlkStatus status)
    {
        if (status == BlkStatus.NotSupported)
        {
            return; // stripe_end_io ignores BLK_STS_NOTSUPP
        }

        // The kernel matches the failing bio's device against every stripe, so legs sharing a device all count it.
        IBlockDevice failing = _legs[lowerIndex].Device;
        for (int i = 0; i < _legs.Length; i++)
        {
            if (ReferenceEquals(_legs[i].Device, failing))
            {
                Interlocked.Increment(ref _errorCounts[i]);
            }
        }
    }

    private protected override long Map(long sector, out int lowerIndex, out long lowerSector)
    {
        long chunk = Math.DivRem(sector, ChunkSectors, out long within);
        long legChunk = Math.DivRem(chunk, _legs.Length, out long leg);
        lowerIndex = (int)leg;
        lowerSector = _legs[leg].OffsetSectors + (legChunk * ChunkSectors) + within;
        return ChunkSectors - within;
    }

    private protected override void MapDataless(Bio bio, SplitRequest split)
    {
        long start = bio.Sector;
        long end = start + bio.SectorCount;
        for (int leg = 0; leg < _legs.Length; leg++)
        {
            long begin = LegPosition(start, leg);
            long stop = LegPosition(end, leg);
            if (stop > begin)
            {
                IssueChild(split, bio, leg, _legs[leg].OffsetSectors + begin, stop - begin);
            }
        }
    }

    // Where logical sector `sector` falls within leg `leg`'s data (relative to the leg's offset): inside the
    // chunk if it is that leg's, else at the start of the leg's chunk in the same row (not yet reached) or at
    // the start of its next one (already passed). Used for both ends of a discard range.
    private long LegPosition(long sector, int leg)
    {
        long chunk = Math.DivRem(sector, ChunkSectors, out long within);
        long legChunk = Math.DivRem(chunk, _legs.Length, out long stripe);
        if (stripe == leg)
        {
            return (legChunk * ChunkSectors) + within;
        }

        return (stripe > leg ? legChunk + 1 : legChunk) * ChunkSectors;
    }

    private static IBlockDevice[] LegDevices(IReadOnlyList<StripeLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        var devices = new IBlockDevice[legs.Count];
        for (int i = 0; i < legs.Count; i++)
        {
            devices[i] = legs[i].Device ?? throw new ArgumentException($"Leg {i} has no device.", nameof(legs));
        }

        return devices;
    }
}
