namespace DmIo.FaultInjection;

/// <summary>Which bios flakey's <c>corrupt_bio_byte</c> feature corrupts (the table's <c>r</c> or <c>w</c>).</summary>
public enum FlakeyDirection
{
    /// <summary><c>r</c>: corrupt reads, after they complete successfully.</summary>
    Read = 0,

    /// <summary><c>w</c>: corrupt writes, before they reach the device (in a private copy of the data).</summary>
    Write = 1,
}
