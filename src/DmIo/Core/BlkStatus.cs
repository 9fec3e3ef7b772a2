namespace DmIo;

/// <summary>
/// The completion status of one bio, after the kernel's <c>blk_status_t</c>.
/// Any value other than <see cref="Ok"/> sets the bio's region bit in the request's error set.
/// </summary>
public enum BlkStatus : byte
{
    /// <summary>The bio completed successfully.</summary>
    Ok = 0,

    /// <summary>The operation is not supported by the device (<c>BLK_STS_NOTSUPP</c>).</summary>
    NotSupported = 1,

    /// <summary>The device timed out (<c>BLK_STS_TIMEOUT</c>).</summary>
    Timeout = 2,

    /// <summary>No space left (<c>BLK_STS_NOSPC</c>).</summary>
    NoSpace = 3,

    /// <summary>An unrecoverable medium error (<c>BLK_STS_MEDIUM</c>).</summary>
    Medium = 7,

    /// <summary>Invalid request, such as a misaligned bio (<c>BLK_STS_INVAL</c>).</summary>
    Invalid = 9,

    /// <summary>A generic I/O error (<c>BLK_STS_IOERR</c>).</summary>
    IoError = 10,

    /// <summary>
    /// Device-mapper's internal "push this bio back" (<c>BLK_STS_DM_REQUEUE</c>, "dm internal retry"): a target completes
    /// a bio with it during a <c>--noflush</c> suspend so that dm core resubmits the bio after the resume. It never
    /// leaves dm core: outside a noflush suspend dm core turns it into <see cref="IoError"/> (<c>dm_handle_requeue</c>).
    /// </summary>
    DmRequeue = 11,
}

/// <summary>Conversions between <see cref="BlkStatus"/> and errno values.</summary>
public static class BlkStatusExtensions
{
    /// <summary>Returns the negative errno the kernel's <c>blk_status_to_errno</c> gives for <paramref name="status"/>.</summary>
    /// <param name="status">The bio status to convert.</param>
    /// <returns>0 for <see cref="BlkStatus.Ok"/>, otherwise a negative errno.</returns>
    public static int ToErrno(this BlkStatus status) => status switch
    {
        BlkStatus.Ok => 0,
        BlkStatus.NotSupported => -Errno.EOPNOTSUPP,
        BlkStatus.Timeout => -Errno.ETIMEDOUT,
        BlkStatus.NoSpace => -Errno.ENOSPC,
        BlkStatus.Medium => -Errno.ENODATA,
        BlkStatus.Invalid => -Errno.EINVAL,
        BlkStatus.DmRequeue => -Errno.EREMCHG,
        _ => -Errno.EIO,
    };

    /// <summary>Returns the lower-case name used in traces and results (for example <c>ioerr</c>, <c>notsupp</c>).</summary>
    /// <param name="status">The bio status to name.</param>
    /// <returns>A stable short name.</returns>
    public static string ToShortName(this BlkStatus status) => status switch
    {
        BlkStatus.Ok => "ok",
        BlkStatus.NotSupported => "notsupp",
        BlkStatus.Timeout => "timeout",
        BlkStatus.NoSpace => "nospc",
        BlkStatus.Medium => "medium",
        BlkStatus.Invalid => "inval",
        BlkStatus.IoError => "ioerr",
        BlkStatus.DmRequeue => "dm_requeue",
        _ => "unknown",
    };
}
