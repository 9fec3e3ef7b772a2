namespace DmIo.Nbd.Protocol;

/// <summary>The outcome of checking one request: 0 to pass it to the export, or the wire errno to answer with and why.</summary>
/// <param name="Errno">0, or a value of <see cref="NbdWireErrno"/>.</param>
/// <param name="Reason">Why the request was refused (sent as the structured error message); null when it passed.</param>
public readonly record struct NbdRequestCheck(int Errno, string? Reason)
{
    /// <summary>A request the export may take.</summary>
    public static NbdRequestCheck Passed => default;

    /// <summary>Whether the request may go to the export.</summary>
    public bool IsPassed => Errno == 0;

    /// <summary>A refusal with <paramref name="errno"/>.</summary>
    /// <param name="errno">The wire errno.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The refusal.</returns>
    public static NbdRequestCheck Refuse(int errno, string reason) => new(errno, reason);
}
