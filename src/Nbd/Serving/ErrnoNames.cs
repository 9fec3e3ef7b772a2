namespace DmIo.Nbd.Serving;

/// <summary>The symbolic names of the errno values a bio's status can turn into, for failure messages.</summary>
internal static class ErrnoNames
{
    /// <summary>The name of <paramref name="errno"/>, or <c>errno N</c> for one not listed.</summary>
    /// <param name="errno">A positive errno.</param>
    /// <returns>Its name.</returns>
    public static string Of(int errno) => errno switch
    {
        Errno.EIO => "EIO",
        Errno.ENOMEM => "ENOMEM",
        Errno.EINVAL => "EINVAL",
        Errno.ENOSPC => "ENOSPC",
        Errno.ENODATA => "ENODATA",
        Errno.EREMCHG => "EREMCHG",
        Errno.EOPNOTSUPP => "EOPNOTSUPP",
        Errno.ETIMEDOUT => "ETIMEDOUT",
        _ => $"errno {errno}",
    };
}
