namespace DmIo;

/// <summary>
/// The Linux errno values dm-io returns (negated, as the kernel does: <c>-EIO</c> is <c>-5</c>).
/// </summary>
public static class Errno
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>Input/output error: what a sync request returns when any region failed.</summary>
    public const int EIO = 5;

    /// <summary>No data available (what a medium error maps to).</summary>
    public const int ENODATA = 61;

    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;

    /// <summary>No space left on device.</summary>
    public const int ENOSPC = 28;

    /// <summary>Operation not supported (discard or write-zeroes on a device that lacks them).</summary>
    public const int EOPNOTSUPP = 95;

    /// <summary>Connection timed out (what a timed-out bio maps to).</summary>
    public const int ETIMEDOUT = 110;

    /// <summary>Remote address changed: what <c>blk_status_to_errno</c> gives for <c>BLK_STS_DM_REQUEUE</c>.</summary>
    public const int EREMCHG = 78;
}
