namespace DmIo.VirtualDevices.Tables;

/// <summary>One segment of a table device: sectors [<paramref name="StartSector"/>, +<paramref name="LengthSectors"/>) are served by <paramref name="Target"/>.</summary>
/// <param name="StartSector">The segment's first sector within the table device.</param>
/// <param name="LengthSectors">The segment's length; equal to the target's capacity.</param>
/// <param name="Target">The device serving the segment, addressed from its own sector 0.</param>
/// <param name="TargetType">The target type the table line named; used for the table's text only when the target does not
/// implement <see cref="ITargetText"/> (the parser fills it in).</param>
/// <param name="Arguments">The line's arguments after the target type, joined by single spaces; printed as the table text of a
/// target that does not implement <see cref="ITargetText"/> (the parser fills it in).</param>
public readonly record struct TableSegment(long StartSector, long LengthSectors, IBlockDevice Target, string? TargetType = null, string? Arguments = null);
