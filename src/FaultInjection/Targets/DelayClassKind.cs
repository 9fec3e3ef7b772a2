namespace DmIo.FaultInjection;

/// <summary>The three classes a delay device routes bios into, in the kernel's order.</summary>
public enum DelayClassKind
{
    /// <summary>Reads.</summary>
    Read = 0,

    /// <summary>Writes, discards and write-zeroes (and the data part of a PREFLUSH write).</summary>
    Write = 1,

    /// <summary>Bios with PREFLUSH (empty flushes).</summary>
    Flush = 2,
}
