using DmIo;
using DmIo.VirtualDevices;

namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Reads a backend's <c>limits</c> object into <see cref="QueueLimits"/>, starting from the backend's own defaults
/// (its kernel counterpart's). A field that is bad on its own, or that makes the limits inconsistent, fails with one
/// line naming that field's JSON path.
/// </summary>
internal static class LimitsReader
{
    // JSON name -> the QueueLimits property it sets; Validate's messages start with the property's name.
    private static readonly (string Json, string Property)[] Fields =
    [
        ("logical_block_size", nameof(QueueLimits.LogicalBlockSize)),
        ("physical_block_size", nameof(QueueLimits.PhysicalBlockSize)),
        ("max_sectors", nameof(QueueLimits.MaxSectors)),
        ("max_hw_sectors", nameof(QueueLimits.MaxHwSectors)),
        ("max_segments", nameof(QueueLimits.MaxSegments)),
        ("max_segment_size", nameof(QueueLimits.MaxSegmentSize)),
        ("seg_boundary_mask", nameof(QueueLimits.SegmentBoundaryMask)),
        ("virt_boundary_mask", nameof(QueueLimits.VirtBoundaryMask)),
        ("chunk_sectors", nameof(QueueLimits.ChunkSectors)),
        ("io_min", nameof(QueueLimits.IoMin)),
        ("io_opt", nameof(QueueLimits.IoOpt)),
        ("discard_granularity", nameof(QueueLimits.DiscardGranularity)),
        ("max_discard_sectors", nameof(QueueLimits.MaxDiscardSectors)),
        ("max_write_zeroes_sectors", nameof(QueueLimits.MaxWriteZeroesSectors)),
        ("volatile_write_cache", nameof(QueueLimits.VolatileWriteCache)),
        ("fua", nameof(QueueLimits.Fua)),
    ];

    /// <summary>Reads <paramref name="field"/> over <paramref name="defaults"/>.</summary>
    /// <param name="field">The <c>limits</c> object.</param>
    /// <param name="defaults">The backend's limits when built without any.</param>
    /// <returns>Validated limits.</returns>
    public static QueueLimits Read(JsonField field, QueueLimits defaults)
    {
        field.AllowOnly([.. Fields.Select(f => f.Json)]);
        QueueLimits d = defaults;
        var limits = new QueueLimits
        {
            LogicalBlockSize = Int(field, "logical_block_size", d.LogicalBlockSize),
            PhysicalBlockSize = Int(field, "physical_block_size", d.PhysicalBlockSize),
            MaxSectors = field.Optional("max_sectors")?.Integer(0, uint.MaxValue) ?? d.MaxSectors,
            MaxHwSectors = field.Optional("max_hw_sectors")?.Integer(0, uint.MaxValue) ?? d.MaxHwSectors,
            MaxSegments = Int(field, "max_segments", d.MaxSegments),
            MaxSegmentSize = field.Optional("max_segment_size")?.Integer(0, uint.MaxValue) ?? d.MaxSegmentSize,
            SegmentBoundaryMask = Mask(field, "seg_boundary_mask", d.SegmentBoundaryMask),
            VirtBoundaryMask = (int)Mask(field, "virt_boundary_mask", d.VirtBoundaryMask, int.MaxValue),
            ChunkSectors = field.Optional("chunk_sectors")?.Integer(0, uint.MaxValue) ?? d.ChunkSectors,
            IoMin = field.Optional("io_min")?.Integer(0, uint.MaxValue) ?? d.IoMin,
            IoOpt = field.Optional("io_opt")?.Integer(0, uint.MaxValue) ?? d.IoOpt,
            DiscardGranularity = field.Optional("discard_granularity")?.Integer(0, uint.MaxValue) ?? d.DiscardGranularity,
            MaxDiscardSectors = field.Optional("max_discard_sectors")?.Integer(0) ?? d.MaxDiscardSectors,
            MaxWriteZeroesSectors = field.Optional("max_write_zeroes_sectors")?.Integer(0) ?? d.MaxWriteZeroesSectors,
            VolatileWriteCache = field.Optional("volatile_write_cache")?.Bool() ?? d.VolatileWriteCache,
            Fua = field.Optional("fua")?.Bool() ?? d.Fua,
        };
        limits = FitDefaults(field, limits);
        limits = (field.Has("max_sectors"), field.Has("max_hw_sectors")) switch
        {
            // A request size alone describes the hardware: its ceiling is the same.
            (true, false) => limits with { MaxHwSectors = 0 },

            // A hardware ceiling alone gets the request size the kernel derives from it.
            (false, true) => limits with { MaxSectors = RoundedDerivedMaxSectors(limits) },
            _ => limits,
        };

        try
        {
            return limits.Validate("limits");
        }
        catch (ArgumentException e)
        {
            throw Blame(field, e.Message).Error("inconsistent queue limits: " + e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    // The defaults the scenario did not override follow its block sizes as blk_validate_limits makes them: a physical
    // block at least the logical one, io_min and a discard granularity at least the physical one, and sector limits
    // in whole logical blocks (the kernel rounds max_discard_sectors per bio instead; here the limit itself is whole).
    private static QueueLimits FitDefaults(JsonField field, QueueLimits limits)
    {
        int physical = field.Has("physical_block_size") ? limits.PhysicalBlockSize : Math.Max(limits.PhysicalBlockSize, limits.LogicalBlockSize);
        long blockSectors = Math.Max(1, limits.LogicalBlockSize >> DmIoConstants.SectorShift);
        long Whole(string name, long value) => field.Has(name) ? value : value - (value % blockSectors);
        return limits with
        {
            PhysicalBlockSize = physical,
            IoMin = field.Has("io_min") ? limits.IoMin : Math.Max(limits.IoMin, physical),
            DiscardGranularity = field.Has("discard_granularity") || limits.DiscardGranularity == 0 ? limits.DiscardGranularity : Math.Max(limits.DiscardGranularity, physical),
            MaxSectors = Whole("max_sectors", limits.MaxSectors),
            MaxHwSectors = Whole("max_hw_sectors", limits.MaxHwSectors),
            MaxDiscardSectors = Whole("max_discard_sectors", limits.MaxDiscardSectors),
            MaxWriteZeroesSectors = Whole("max_write_zeroes_sectors", limits.MaxWriteZeroesSectors),
        };
    }

    private static long RoundedDerivedMaxSectors(QueueLimits limits)
    {
        long derived = LimitValidation.DerivedMaxSectors(limits);
        return derived - (derived % Math.Max(1, limits.LogicalBlockSize >> DmIoConstants.SectorShift));
    }

    // The member the message is about, when the scenario gave it; the whole limits object otherwise.
    private static JsonField Blame(JsonField field, string message)
    {
        foreach ((string json, string property) in Fields)
        {
            if (message.StartsWith(property + " ", StringComparison.Ordinal) && field.Has(json))
            {
                return field.Member(json);
            }
        }

        return field;
    }

    private static int Int(JsonField field, string name, int fallback) =>
        (int)(field.Optional(name)?.Integer(0, int.MaxValue) ?? fallback);

    // A mask may be written as a number or as a "0x..." string.
    private static long Mask(JsonField field, string name, long fallback, long max = long.MaxValue)
    {
        if (field.Optional(name) is not { } member)
        {
            return fallback;
        }

        ulong value = member.Unsigned();
        if (value > (ulong)max)
        {
            throw member.Error($"{value} is out of range 0..{max}");
        }

        return (long)value;
    }
}
