namespace DmIo.VirtualDevices;

/// <summary>One leg of a striped device: the device and the sector on it where the leg's data starts.</summary>
/// <param name="Device">The device underneath.</param>
/// <param name="OffsetSectors">The first sector of the leg on <paramref name="Device"/>.</param>
public readonly record struct StripeLeg(IBlockDevice Device, long OffsetSectors);
