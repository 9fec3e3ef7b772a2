namespace DmIo.Nbd.Exports;

/// <summary>
/// NBD_INFO_BLOCK_SIZE's three sizes: requests should be aligned to <see cref="Minimum"/> (a power of two, at most
/// 64 KiB), are best in multiples of <see cref="Preferred"/> (a power of two, at least the minimum), and carry at most
/// <see cref="Maximum"/> bytes of payload (a multiple of the minimum).
/// </summary>
/// <param name="Minimum">The minimum block size in bytes.</param>
/// <param name="Preferred">The preferred block size in bytes.</param>
/// <param name="Maximum">The maximum payload of one request in bytes.</param>
public readonly record struct NbdBlockSizes(uint Minimum, uint Preferred, uint Maximum);
