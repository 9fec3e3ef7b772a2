namespace DmIo.VirtualDevices.Tables;

/// <summary>One segment of a table device: sectors [<paramref name="StartSector"/>, +<paramref name="LengthSectors"/>) are served by <paramref name="Target"/>.</summary>
/// <param name="StartSector">The segment's first sector within the table device.</param>
/// <param name="LengthSectors">The segment's length; equal to the target's capacity.</param>
/// <param name="Target">The device serving the segment, addressed from its own sector 0.</param>
public readonly record struct TableSegment(long StartSector, long LengthSectors, IBlockDevice Target);
