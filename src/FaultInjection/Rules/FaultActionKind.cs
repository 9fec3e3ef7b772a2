namespace DmIo.FaultInjection;

/// <summary>What a fault rule does to a bio it fires on.</summary>
public enum FaultActionKind
{
    /// <summary>Complete the bio with an error status without touching the device beneath.</summary>
    Fail,

    /// <summary>Pass the bio down, then hold its completion for a fixed virtual time.</summary>
    Delay,

    /// <summary>Flip bytes: in the data written (the caller's buffer is left alone) or in the data read.</summary>
    Corrupt,

    /// <summary>Complete a write successfully without writing anything (a lost write).</summary>
    Drop,

    /// <summary>Write only the first sectors of a write, then complete it (successfully unless told otherwise).</summary>
    Tear,

    /// <summary>Write the data to a different sector than the bio named, and complete it successfully.</summary>
    Misdirect,
}
