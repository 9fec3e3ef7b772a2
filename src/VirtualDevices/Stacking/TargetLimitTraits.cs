namespace DmIo.VirtualDevices;

/// <summary>
/// What a device-mapper target declares that shapes the limits of a device built from it, beyond the limits of the
/// devices it maps onto: the bio counts its constructor sets (<c>num_discard_bios</c>, <c>discards_supported</c>,
/// <c>num_write_zeroes_bios</c>, read by <c>dm_table_set_restrictions</c>) and its <c>io_hints</c>. One named value
/// per target, from its 6.12 source (drivers/md).
/// </summary>
public sealed record TargetLimitTraits
{
    /// <summary>The target's name in a table line.</summary>
    public required string Target { get; init; }

    /// <summary>The target takes discards (<c>num_discard_bios</c> is not 0).</summary>
    public bool Discards { get; init; }

    /// <summary>
    /// The target serves discards itself (<c>discards_supported</c>), so its devices need not support them; otherwise
    /// it supports discard only when every device it maps onto does.
    /// </summary>
    public bool DiscardsWithoutDevices { get; init; }

    /// <summary>The target takes write-zeroes (<c>num_write_zeroes_bios</c> is not 0) when every device it maps onto does.</summary>
    public bool WriteZeroes { get; init; }

    /// <summary>The target's <c>io_hints</c>, applied to its stacked limits; null for none.</summary>
    public Func<QueueLimits, QueueLimits>? IoHints { get; init; }

    /// <summary>dm-linear: discard and write-zeroes when its device has them; no <c>io_hints</c>.</summary>
    public static TargetLimitTraits Linear { get; } = new() { Target = "linear", Discards = true, WriteZeroes = true };

    /// <summary>
    /// dm-zero: it drops discards itself (<c>discards_supported</c>); <c>zero_io_hints</c> sets
    /// <c>max_hw_discard_sectors = UINT_MAX</c> and a 512-byte discard granularity; no write-zeroes.
    /// </summary>
    public static TargetLimitTraits Zero { get; } = new()
    {
        Target = "zero", Discards = true, DiscardsWithoutDevices = true, IoHints = DiscardEverything,
    };

    /// <summary>
    /// The error target (drivers/md/dm-target.c): it fails discards itself (<c>discards_supported</c>);
    /// <c>io_err_io_hints</c> sets <c>max_hw_discard_sectors = UINT_MAX</c> and a 512-byte discard granularity; no
    /// write-zeroes.
    /// </summary>
    public static TargetLimitTraits Error { get; } = new()
    {
        Target = "error", Discards = true, DiscardsWithoutDevices = true, IoHints = DiscardEverything,
    };

    /// <summary>dm-flakey: discard when its device has it; no write-zeroes (it sets no <c>num_write_zeroes_bios</c>); no <c>io_hints</c>.</summary>
    public static TargetLimitTraits Flakey { get; } = new() { Target = "flakey", Discards = true };

    /// <summary>dm-dust: discard when its device has it; no write-zeroes; no <c>io_hints</c>.</summary>
    public static TargetLimitTraits Dust { get; } = new() { Target = "dust", Discards = true };

    /// <summary>dm-delay: discard when all three of its devices have it; no write-zeroes; no <c>io_hints</c>.</summary>
    public static TargetLimitTraits Delay { get; } = new() { Target = "delay", Discards = true };

    /// <summary>
    /// dm-stripe: discard and write-zeroes when every leg has them; <c>stripe_io_hints</c> sets
    /// <c>chunk_sectors</c> to the chunk, <c>io_min</c> to the chunk in bytes and <c>io_opt</c> to that times the
    /// stripe count (both left alone when they would overflow 32 bits).
    /// </summary>
    /// <param name="chunkSectors">The chunk size in sectors; hints are skipped for a non-positive one, which the device rejects.</param>
    /// <param name="stripes">The number of legs.</param>
    /// <returns>The traits of that stripe set.</returns>
    public static TargetLimitTraits Striped(long chunkSectors, int stripes) => new()
    {
        Target = "striped",
        Discards = true,
        WriteZeroes = true,
        IoHints = limits =>
        {
            if (chunkSectors < 1 || chunkSectors > uint.MaxValue)
            {
                return limits;
            }

            long ioMin = chunkSectors << DmIoConstants.SectorShift;
            long ioOpt = ioMin * stripes;
            QueueLimits chunked = limits with { ChunkSectors = chunkSectors };

            // io_opt is io_min times at least one stripe, so its overflow check covers io_min's too.
            return ioOpt > uint.MaxValue ? chunked : chunked with { IoMin = ioMin, IoOpt = ioOpt };
        },
    };

    // UINT_MAX, kept to whole logical blocks (QueueLimits demands them; bio_allowed_max_sectors rounds the same way
    // when the kernel splits, so no discard differs).
    private static QueueLimits DiscardEverything(QueueLimits limits) => limits with
    {
        MaxDiscardSectors = uint.MaxValue - (uint.MaxValue % (limits.LogicalBlockSize >> DmIoConstants.SectorShift)),
        DiscardGranularity = DmIoConstants.SectorSize,
    };
}
