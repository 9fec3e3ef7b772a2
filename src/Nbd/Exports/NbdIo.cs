namespace DmIo.Nbd.Exports;

/// <summary>One transmission request the server has checked against its export.</summary>
/// <param name="Command">What to do.</param>
/// <param name="Flags">The command flags (FUA, NO_HOLE).</param>
/// <param name="Cookie">The client's handle for the request, echoed in the reply.</param>
/// <param name="Offset">The first byte.</param>
/// <param name="Length">How many bytes (0 for a flush).</param>
public readonly record struct NbdIo(NbdCommand Command, NbdCommandFlags Flags, ulong Cookie, long Offset, int Length);
