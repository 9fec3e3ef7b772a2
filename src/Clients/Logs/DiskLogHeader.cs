using System.Buffers.Binary;

namespace DmIo.Clients.Logs;

/// <summary>
/// The disk log's header (6.12 dm-log.c's <c>struct log_header_disk</c>, packed, little-endian): the magic at byte 0,
/// the version at byte 4 and the region count at byte 8, in the first sector of the log device. The clean bitset
/// follows at sector <see cref="BitsetSector"/> (<c>LOG_OFFSET</c>).
/// </summary>
/// <param name="Magic">The magic; <see cref="MirrorMagic"/> in a valid log.</param>
/// <param name="Version">The on-disk format version; <see cref="MirrorDiskVersion"/> today.</param>
/// <param name="RegionCount">How many regions the bitset describes (<c>nr_regions</c>).</param>
public readonly record struct DiskLogHeader(uint Magic, uint Version, ulong RegionCount)
{
    /// <summary>The magic of a mirror log, "MiRr" read as a little-endian number (<c>MIRROR_MAGIC</c>, 0x4D695272).</summary>
    public const uint MirrorMagic = 0x4D695272;

    /// <summary>The on-disk version this code writes and reads (<c>MIRROR_DISK_VERSION</c>).</summary>
    public const uint MirrorDiskVersion = 2;

    /// <summary>The sector where the clean bitset starts (<c>LOG_OFFSET</c>).</summary>
    public const int BitsetSector = 2;

    /// <summary>The header's size in bytes (<c>sizeof(struct log_header_disk)</c>).</summary>
    public const int Size = 16;

    /// <summary>A fresh header for <paramref name="regionCount"/> regions.</summary>
    /// <param name="regionCount">The region count.</param>
    /// <returns>The header with the magic and current version.</returns>
    public static DiskLogHeader Fresh(ulong regionCount) => new(MirrorMagic, MirrorDiskVersion, regionCount);

    /// <summary>Reads a header from the start of <paramref name="bytes"/> (<c>header_from_disk</c>).</summary>
    /// <param name="bytes">At least <see cref="Size"/> bytes.</param>
    /// <returns>The header.</returns>
    public static DiskLogHeader Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    /// <summary>Writes the header to the start of <paramref name="bytes"/> (<c>header_to_disk</c>).</summary>
    /// <param name="bytes">At least <see cref="Size"/> bytes.</param>
    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], RegionCount);
    }
}
