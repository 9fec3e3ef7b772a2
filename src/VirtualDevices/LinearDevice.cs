using System.Globalization;
using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices;

/// <summary>
/// The kernel's <c>linear</c> target (dm-linear): a window of <see cref="StackedDeviceBase.CapacitySectors"/> sectors of another
/// device, starting at <see cref="OffsetSectors"/>. Sector <c>s</c> here is sector <c>OffsetSectors + s</c> there.
/// Table syntax: <c>&lt;start&gt; &lt;length&gt; linear &lt;device&gt; &lt;offset&gt;</c>. Its limits are exactly its lower
/// device's (<see cref="TargetLimitTraits.Linear"/>: no <c>io_hints</c>; discard and write-zeroes as the device has them).
/// Table syntax: <c>&lt;start&gt; &lt;length&gt; linear &lt;device&gt; &lt;offset&gt;</c>. Its text follows 6.12's
/// <c>linear_status</c>: the table prints <c>&lt;device&gt; &lt;offset&gt;</c>, the status nothing.
/// </summary>
public sealed class LinearDevice : StackedDeviceBase, ITargetText
{
    /// <summary>Creates a window onto <paramref name="lower"/>.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="lower">The device underneath.</param>
    /// <param name="offsetSectors">Where the window starts on <paramref name="lower"/>; aligned to its logical block size.</param>
    /// <param name="lengthSectors">The window's length, which is this device's capacity; must fit on <paramref name="lower"/>.</param>
    /// <param name="limits">Extra limits of this device's own, stacked over the lower device's; null for none.</param>
    public LinearDevice(string name, IBlockDevice lower, long offsetSectors, long lengthSectors, QueueLimits? limits = null)
        : base(name, lengthSectors, [lower ?? throw new ArgumentNullException(nameof(lower))], TargetLimitTraits.Linear, limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offsetSectors);
        if (offsetSectors > lower.CapacitySectors - lengthSectors)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetSectors), offsetSectors,
                $"The window {offsetSectors}+{lengthSectors} runs past the end of '{lower.Name}' ({lower.CapacitySectors} sectors).");
        }

        SectorMath.ThrowIfNotWholeBlocks(offsetSectors, lower.Limits.LogicalBlockSize, nameof(offsetSectors));
        Lower = lower;
        OffsetSectors = offsetSectors;
    }

    /// <summary>The device underneath.</summary>
    public IBlockDevice Lower { get; }

    /// <summary>Where the window starts on <see cref="Lower"/>.</summary>
    public long OffsetSectors { get; }

    /// <inheritdoc />
    public string TargetType => "linear";

    /// <inheritdoc />
    public string Table => string.Create(CultureInfo.InvariantCulture, $"{Lower.Name} {OffsetSectors}");

    /// <inheritdoc />
    public string Status => string.Empty;

    private protected override long Map(long sector, out int lowerIndex, out long lowerSector)
    {
        lowerIndex = 0;
        lowerSector = OffsetSectors + sector;
        return CapacitySectors - sector; // one contiguous run: a linear bio is never split
    }
}
