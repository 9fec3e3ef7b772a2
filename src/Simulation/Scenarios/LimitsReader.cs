using DmIo;

namespace DmIo.Simulation.Scenarios;

/// <summary>Reads a backend's <c>limits</c> object into <see cref="QueueLimits"/>, starting from the defaults.</summary>
internal static class LimitsReader
{
    public static QueueLimits Read(JsonField field)
    {
        field.AllowOnly("logical_block_size", "physical_block_size", "max_sectors", "max_segments", "max_segment_size",
            "max_discard_sectors", "max_write_zeroes_sectors", "volatile_write_cache", "fua");
        QueueLimits d = QueueLimits.Default;
        var limits = new QueueLimits
        {
            LogicalBlockSize = Int(field, "logical_block_size", d.LogicalBlockSize),
            PhysicalBlockSize = Int(field, "physical_block_size", d.PhysicalBlockSize),
            MaxSectors = field.Optional("max_sectors")?.Integer(0, uint.MaxValue) ?? d.MaxSectors,
            MaxSegments = Int(field, "max_segments", d.MaxSegments),
            MaxSegmentSize = field.Optional("max_segment_size")?.Integer(0, uint.MaxValue) ?? d.MaxSegmentSize,
            MaxDiscardSectors = field.Optional("max_discard_sectors")?.Integer(0) ?? d.MaxDiscardSectors,
            MaxWriteZeroesSectors = field.Optional("max_write_zeroes_sectors")?.Integer(0) ?? d.MaxWriteZeroesSectors,
            VolatileWriteCache = field.Optional("volatile_write_cache")?.Bool() ?? d.VolatileWriteCache,
            Fua = field.Optional("fua")?.Bool() ?? d.Fua,
        };
        try
        {
            return limits.Validate("limits");
        }
        catch (ArgumentException e)
        {
            throw field.Error("inconsistent queue limits: " + e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static int Int(JsonField field, string name, int fallback) =>
        (int)(field.Optional(name)?.Integer(0, int.MaxValue) ?? fallback);
}
