namespace DmIo.FaultInjection;

/// <summary>
/// A bio's operation and flags in the kernel's <c>bi_opf</c> layout (include/linux/blk_types.h: the operation in
/// the low 8 bits, <c>REQ_*</c> flag bits above), so a flakey <c>corrupt_bio_byte</c> flags mask written for a real
/// kernel selects the same bios here.
/// </summary>
public static class KernelOpf
{
    /// <summary><c>REQ_SYNC</c> (bit 11).</summary>
    public const uint ReqSync = 1u << 11;

    /// <summary><c>REQ_META</c> (bit 12).</summary>
    public const uint ReqMeta = 1u << 12;

    /// <summary><c>REQ_FUA</c> (bit 17).</summary>
    public const uint ReqFua = 1u << 17;

    /// <summary><c>REQ_PREFLUSH</c> (bit 18).</summary>
    public const uint ReqPreflush = 1u << 18;

    /// <summary>Encodes <paramref name="operation"/> and <paramref name="flags"/> as the kernel's <c>bi_opf</c>.</summary>
    /// <param name="operation">The operation (its value is the kernel's <c>REQ_OP_*</c> number).</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The combined word.</returns>
    public static uint Encode(BioOperation operation, BioFlags flags)
    {
        uint opf = (uint)operation;
        if ((flags & BioFlags.Sync) != 0)
        {
            opf |= ReqSync;
        }

        if ((flags & BioFlags.Meta) != 0)
        {
            opf |= ReqMeta;
        }

        if ((flags & BioFlags.Fua) != 0)
        {
            opf |= ReqFua;
        }

        if ((flags & BioFlags.Preflush) != 0)
        {
            opf |= ReqPreflush;
        }

        return opf;
    }
}
