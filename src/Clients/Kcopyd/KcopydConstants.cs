namespace DmIo.Clients.Kcopyd;

/// <summary>The fixed sizes of Linux 6.12's kcopyd (<c>dm-kcopyd.c</c>, <c>dm-kcopyd.h</c>), at their default module parameters.</summary>
public static class KcopydConstants
{
    /// <summary>The most destinations one job may name (<c>DM_KCOPYD_MAX_REGIONS</c>).</summary>
    public const int MaxRegions = 8;

    /// <summary>How many sub-jobs a large job runs at once (<c>SPLIT_COUNT</c>).</summary>
    public const int SplitCount = 8;

    /// <summary>
    /// The sub-job size in sectors: <c>kcopyd_subjob_size_kb</c> defaults to 512 KiB (<c>DEFAULT_SUB_JOB_SIZE_KB</c>),
    /// shifted left by one into sectors by <c>dm_get_kcopyd_subjob_size</c>. A job of at most this many sectors runs
    /// whole; a larger one is split.
    /// </summary>
    public const int SubJobSizeSectors = 512 << 1;

    /// <summary>
    /// Pages each client reserves (<c>dm_kcopyd_client_create</c>: the sub-job size in bytes rounded up to pages), so
    /// one sub-job can always run even when the system has no page to spare.
    /// </summary>
    public const int ReservedPages = (SubJobSizeSectors * DmIoConstants.SectorSize + DmIoConstants.PageSize - 1) / DmIoConstants.PageSize;

    /// <summary>io objects in the client's own dm-io pool (<c>dm_io_client_create</c> reserves <c>RESERVED_BIO_BASED_IOS</c>, 16).</summary>
    public const int DmIoReservedIos = 16;
}
