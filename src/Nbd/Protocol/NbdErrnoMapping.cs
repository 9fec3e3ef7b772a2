namespace DmIo.Nbd.Protocol;

/// <summary>
/// Turns an export's Linux errno into one of the few values the NBD protocol allows on the wire; the structured
/// error message still carries the export's own text, so the real errno is not lost.
/// </summary>
public static class NbdErrnoMapping
{
    private const int LinuxEfbig = 27;
    private const int LinuxErofs = 30;
    private const int LinuxEdquot = 122;

    /// <summary>The wire errno for <paramref name="linuxErrno"/> (a positive Linux errno); EIO for any the protocol lacks.</summary>
    /// <param name="linuxErrno">The errno the export completed with.</param>
    /// <returns>A value of <see cref="NbdWireErrno"/>.</returns>
    public static int ToWire(int linuxErrno) => linuxErrno switch
    {
        NbdWireErrno.Eperm or NbdWireErrno.Eio or NbdWireErrno.Enomem or NbdWireErrno.Einval or NbdWireErrno.Enospc
            or NbdWireErrno.Eoverflow or NbdWireErrno.Enotsup or NbdWireErrno.Eshutdown => linuxErrno,
        LinuxErofs => NbdWireErrno.Eperm,
        LinuxEdquot or LinuxEfbig => NbdWireErrno.Enospc,
        _ => NbdWireErrno.Eio,
    };
}
