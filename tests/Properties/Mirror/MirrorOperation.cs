namespace DmIo.Properties.Mirror;

/// <summary>What a step of a mirror fault sequence does.</summary>
internal enum MirrorOperationKind
{
    /// <summary>Write a whole region through the mirror, filled with one byte.</summary>
    Write,

    /// <summary>Read a whole region through the mirror.</summary>
    Read,

    /// <summary>Make every later write to a leg fail with EIO.</summary>
    KillWrites,

    /// <summary>Make every later read from a leg fail with EIO.</summary>
    KillReads,
}

/// <summary>One step of a mirror fault sequence, printed as FsCheck shows a counterexample.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Target">The region (write, read) or the leg (kills).</param>
/// <param name="Fill">The byte a write fills its region with.</param>
internal sealed record MirrorOperation(MirrorOperationKind Kind, int Target, byte Fill)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        MirrorOperationKind.Write => $"write region {Target} = 0x{Fill:x2}",
        MirrorOperationKind.Read => $"read region {Target}",
        MirrorOperationKind.KillWrites => $"kill writes to leg{Target}",
        _ => $"kill reads from leg{Target}",
    };
}
