namespace DmIo.Nbd.Protocol;

/// <summary>The error values the NBD protocol defines for replies (the Linux numbers, but only these).</summary>
public static class NbdWireErrno
{
    /// <summary>NBD_EPERM: the operation is not permitted (a write to a read-only export).</summary>
    public const int Eperm = 1;

    /// <summary>NBD_EIO: an input/output error.</summary>
    public const int Eio = 5;

    /// <summary>NBD_ENOMEM: out of memory.</summary>
    public const int Enomem = 12;

    /// <summary>NBD_EINVAL: the request is invalid.</summary>
    public const int Einval = 22;

    /// <summary>NBD_ENOSPC: no space left (a write past the end).</summary>
    public const int Enospc = 28;

    /// <summary>NBD_EOVERFLOW: the request is longer than the server takes.</summary>
    public const int Eoverflow = 75;

    /// <summary>NBD_ENOTSUP: the operation is not supported.</summary>
    public const int Enotsup = 95;

    /// <summary>NBD_ESHUTDOWN: the server is shutting down.</summary>
    public const int Eshutdown = 108;
}
