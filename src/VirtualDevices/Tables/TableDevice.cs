namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// A device made of table segments, like a device-mapper device with a multi-line table: the segments are
/// laid end to end from sector 0 with no gaps or overlaps, and each bio is routed to the segment(s) it hits,
/// split at segment boundaries, with sector numbers made relative to the segment's start.
/// </summary>
public sealed class TableDevice : StackedDeviceBase
{
    private readonly TableSegment[] _segments; // in sector order
    private readonly long[] _starts;           // _segments[i].StartSector, for binary search

    /// <summary>Creates a table device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="segments">The segments in order: the first starts at 0, each starts where the previous ends, and each
    /// target's capacity equals its segment's length; boundaries fall on whole logical blocks.</param>
    /// <param name="limits">Extra limits of this device's own, stacked over the targets'; null for none.</param>
    public TableDevice(string name, IReadOnlyList<TableSegment> segments, QueueLimits? limits = null)
        : base(name, CheckedLength(segments), Targets(segments), target: null, limits)
    {
        for (int i = 0; i < segments.Count; i++)
        {
            if (!SectorMath.IsWholeBlocks(segments[i].StartSector, Limits.LogicalBlockSize))
            {
                throw new ArgumentException($"Segment {i} starts at sector {segments[i].StartSector}, not on a logical block boundary ({Limits.LogicalBlockSize} bytes).", nameof(segments));
            }
        }

        _segments = [.. segments];
        _starts = [.. segments.Select(s => s.StartSector)];
    }

    /// <summary>The segments, in sector order.</summary>
    public IReadOnlyList<TableSegment> Segments => _segments;

    /// <summary>
    /// What <c>dmsetup table</c> prints for this device under Linux 6.12: one line per segment,
    /// <c>&lt;start&gt; &lt;length&gt; &lt;type&gt; &lt;arguments&gt;</c>, each ending in a newline (see <see cref="ITargetText"/>).
    /// </summary>
    public string Table => TableText.Table(_segments);

    /// <summary>
    /// What <c>dmsetup status</c> prints for this device under Linux 6.12: one line per segment,
    /// <c>&lt;start&gt; &lt;length&gt; &lt;type&gt; &lt;status&gt;</c>, each ending in a newline (see <see cref="ITargetText"/>).
    /// </summary>
    public string Status => TableText.Status(_segments);

    private protected override long Map(long sector, out int lowerIndex, out long lowerSector)
    {
        int index = Array.BinarySearch(_starts, sector);
        if (index < 0)
        {
            index = ~index - 1; // the last segment starting before `sector`
        }

        TableSegment segment = _segments[index];
        lowerIndex = index;
        lowerSector = sector - segment.StartSector;
        long run = segment.LengthSectors - lowerSector;
        if (segment.Target is IDeviceMapperTarget { MaxIoLenSectors: > 0 } target)
        {
            // dm core splits at the target's max_io_len, counted from the target's start (max_io_len_target_boundary).
            run = Math.Min(run, target.MaxIoLenSectors - (lowerSector % target.MaxIoLenSectors));
        }

        return run;
    }

    // Checks the segments tile [0, total) exactly and returns the total, before the base constructor runs.
    private static long CheckedLength(IReadOnlyList<TableSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A table needs at least one segment.", nameof(segments));
        }

        long next = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            TableSegment segment = segments[i];
            if (segment.Target is null)
            {
                throw new ArgumentException($"Segment {i} has no target.", nameof(segments));
            }

            if (segment.StartSector != next)
            {
                throw new ArgumentException($"Segment {i} starts at {segment.StartSector}, expected {next}: segments must be contiguous from sector 0.", nameof(segments));
            }

            if (segment.LengthSectors < 1 || segment.LengthSectors != segment.Target.CapacitySectors)
            {
                throw new ArgumentException($"Segment {i} is {segment.LengthSectors} sectors but its target '{segment.Target.Name}' has {segment.Target.CapacitySectors}.", nameof(segments));
            }

            next = checked(next + segment.LengthSectors);
        }

        return next;
    }

    private static IBlockDevice[] Targets(IReadOnlyList<TableSegment> segments) => [.. segments.Select(s => s.Target)];
}
