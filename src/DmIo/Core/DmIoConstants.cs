namespace DmIo;

/// <summary>
/// The fixed sizes the kernel's dm-io is built on: 512-byte sectors, 4096-byte pages,
/// at most 64 regions per request and at most 256 segments per bio.
/// </summary>
public static class DmIoConstants
{
    /// <summary>Bytes in one sector, the unit of every region and bio address.</summary>
    public const int SectorSize = 512;

    /// <summary>log2 of <see cref="SectorSize"/>; shifting a sector count left by this gives bytes.</summary>
    public const int SectorShift = 9;

    /// <summary>Bytes in one memory page, the unit the memory cursors walk in.</summary>
    public const int PageSize = 4096;

    /// <summary>Sectors in one page (8).</summary>
    public const int SectorsPerPage = PageSize / SectorSize;

    /// <summary>The most regions one request may name (<c>DM_IO_MAX_REGIONS</c>): one bit each in the error set.</summary>
    public const int MaxRegions = 64;

    /// <summary>The most segments one bio can carry (<c>BIO_MAX_VECS</c>).</summary>
    public const int BioMaxVecs = 256;
}
