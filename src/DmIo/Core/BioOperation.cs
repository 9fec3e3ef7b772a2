namespace DmIo;

/// <summary>The operation a bio or a dm-io request performs (<c>REQ_OP_*</c>).</summary>
public enum BioOperation : byte
{
    /// <summary>Read sectors into memory.</summary>
    Read = 0,

    /// <summary>Write sectors from memory (with PREFLUSH and no data, a pure cache flush).</summary>
    Write = 1,

    /// <summary>Discard sectors: the device may forget their contents. Carries no memory.</summary>
    Discard = 3,

    /// <summary>Write zeroes to sectors without transferring a buffer. Carries no memory.</summary>
    WriteZeroes = 9,
}

/// <summary>Helpers over <see cref="BioOperation"/>.</summary>
public static class BioOperationExtensions
{
    /// <summary>True for every operation that changes the device (<c>op_is_write</c>): all but <see cref="BioOperation.Read"/>.</summary>
    /// <param name="operation">The operation to classify.</param>
    /// <returns>Whether the operation writes.</returns>
    public static bool IsWrite(this BioOperation operation) => operation != BioOperation.Read;

    /// <summary>True for operations whose bios carry no memory segments (discard and write-zeroes).</summary>
    /// <param name="operation">The operation to classify.</param>
    /// <returns>Whether the operation is sized without data pages.</returns>
    public static bool IsDataless(this BioOperation operation) =>
        operation is BioOperation.Discard or BioOperation.WriteZeroes;

    /// <summary>True when <paramref name="operation"/> is one of the defined values.</summary>
    /// <param name="operation">The value to check.</param>
    /// <returns>Whether the value is defined.</returns>
    public static bool IsDefined(this BioOperation operation) =>
        operation is BioOperation.Read or BioOperation.Write or BioOperation.Discard or BioOperation.WriteZeroes;

    /// <summary>Returns the stable lower-case name used in traces and results.</summary>
    /// <param name="operation">The operation to name.</param>
    /// <returns>read, write, discard or write_zeroes.</returns>
    public static string ToShortName(this BioOperation operation) => operation switch
    {
        BioOperation.Read => "read",
        BioOperation.Write => "write",
        BioOperation.Discard => "discard",
        BioOperation.WriteZeroes => "write_zeroes",
        _ => "unknown",
    };
}
