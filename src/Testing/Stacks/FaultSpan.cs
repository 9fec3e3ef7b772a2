namespace DmIo.Testing;

/// <summary>A run of sectors of one fault device, in that device's own address space.</summary>
/// <param name="Device">The fault device's name.</param>
/// <param name="Sector">The first sector, as the fault device numbers them.</param>
/// <param name="Count">The number of sectors.</param>
public readonly record struct FaultSpan(string Device, long Sector, long Count)
{
    /// <summary>True when a fault decision on <paramref name="device"/> names this device and shares at least one sector with this span.</summary>
    /// <param name="device">The decision's device.</param>
    /// <param name="sector">The decision's first sector.</param>
    /// <param name="count">The decision's sector count (an empty flush counts as its one sector).</param>
    /// <returns>Whether they overlap.</returns>
    public bool Overlaps(string device, long sector, long count) =>
        device == Device && sector < Sector + Count && Sector < sector + Math.Max(1, count);
}
