namespace DmIo.Nbd.Exports;

/// <summary>The command flags of a transmission request, with their values on the wire.</summary>
[Flags]
public enum NbdCommandFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>NBD_CMD_FLAG_FUA: the write is on stable storage before the reply.</summary>
    Fua = 1,

    /// <summary>NBD_CMD_FLAG_NO_HOLE: write-zeroes must not punch a hole.</summary>
    NoHole = 2,

    /// <summary>NBD_CMD_FLAG_DF: a structured read reply must not be fragmented.</summary>
    DontFragment = 4,

    /// <summary>NBD_CMD_FLAG_REQ_ONE (block status only).</summary>
    RequestOne = 8,

    /// <summary>NBD_CMD_FLAG_FAST_ZERO: fail write-zeroes rather than fall back to writing.</summary>
    FastZero = 16,
}
