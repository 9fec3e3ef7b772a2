namespace DmIo.Properties;

/// <summary>Where a failed read's bios meet the dust device, which decides how much of them zero_fill_bio reaches (Linux 6.12).</summary>
internal enum ZeroFillStack
{
    /// <summary>dm-io's bios reach dust itself: dm core advances each past its block-sized pieces, so only the last piece is zeroed.</summary>
    DustDirect,

    /// <summary>A bio-based device-mapper device (a clone per bio) over dust: dust advances the clone, so a failed dm-io bio is zeroed whole.</summary>
    DmOverDust,

    /// <summary>A request-based queue over dust: the block layer splits by the limits and each completed piece is emptied, so nothing is zeroed.</summary>
    RequestBasedOverDust,
}
