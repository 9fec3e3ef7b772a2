using DmIo;

namespace DmIo.Simulation.Scenarios;

/// <summary>Reads one <c>"do": "io"</c> step: operation, flags, regions, memory layout, mode, payload, expectations.</summary>
internal static class IoStepReader
{
    private static readonly Dictionary<string, BioOperation> Operations = new(StringComparer.Ordinal)
    {
        ["read"] = BioOperation.Read,
        ["write"] = BioOperation.Write,
        ["discard"] = BioOperation.Discard,
        ["write_zeroes"] = BioOperation.WriteZeroes,
    };

    private static readonly Dictionary<string, BioFlags> FlagNames = new(StringComparer.Ordinal)
    {
        ["sync"] = BioFlags.Sync,
        ["meta"] = BioFlags.Meta,
        ["preflush"] = BioFlags.Preflush,
        ["fua"] = BioFlags.Fua,
    };

    private static readonly Dictionary<string, bool> Modes = new(StringComparer.Ordinal) { ["sync"] = false, ["async"] = true };

    private static readonly Dictionary<string, IoApi> Apis = new(StringComparer.Ordinal) { ["request"] = IoApi.Request, ["legacy"] = IoApi.Legacy };

    private static readonly Dictionary<string, DmIoMemoryKind> Kinds = new(StringComparer.Ordinal)
    {
        ["page_list"] = DmIoMemoryKind.PageList,
        ["bvec"] = DmIoMemoryKind.Bvec,
        ["vm"] = DmIoMemoryKind.Vm,
        ["kmem"] = DmIoMemoryKind.Kmem,
    };

    public static IoStep Read(JsonField item, int index, StepReader steps)
    {
        item.AllowOnly("do", "id", "op", "flags", "regions", "memory", "mode", "api", "payload", "priority", "expect");
        string id = item.Optional("id")?.Name() ?? StepReader.DefaultId(index);
        BioOperation op = item.Required("op").Choice(Operations);
        BioFlags flags = BioFlags.None;
        if (item.Optional("flags") is { } flagList)
        {
            foreach (JsonField flag in flagList.Items())
            {
                flags |= flag.Choice(FlagNames);
            }
        }

        var regions = new List<RegionSpec>();
        foreach (JsonField region in item.Required("regions").Items())
        {
            regions.AddRange(Region(region, steps, op));
        }

        bool async = item.Optional("mode")?.Choice(Modes) ?? false;
        IoApi api = item.Optional("api")?.Choice(Apis) ?? IoApi.Request;
        MemorySpec memory = op.IsDataless() ? MemorySpec.None : Memory(item.Optional("memory"));
        if (op.IsDataless() && item.Has("memory"))
        {
            throw item.Member("memory").Error($"a {op.ToShortName()} request carries no memory");
        }

        if (api == IoApi.Legacy && (op.IsDataless() || memory.Kind == DmIoMemoryKind.Kmem))
        {
            throw item.Member("api").Error("the legacy API moves data only (read, write) through page_list, bvec or vm memory");
        }

        DataSpec? payload = item.Optional("payload") is { } p ? steps.Data(p, forExpectation: false) : null;
        if (payload is not null && op.IsDataless())
        {
            throw item.Member("payload").Error($"a {op.ToShortName()} request has no payload");
        }

        ushort priority = (ushort)(item.Optional("priority")?.Integer(0, ushort.MaxValue) ?? 0);
        IoExpectation? expect = item.Optional("expect") is { } e ? Expectation(e, op, steps) : null;
        return new IoStep(index, item.Path, id, op, flags, regions, memory, async, api, payload, priority, expect);
    }

    private static List<RegionSpec> Region(JsonField field, StepReader steps, BioOperation op)
    {
        field.AllowOnly("device", "sector", "count", "repeat", "stride");
        string device = steps.Device(field.Required("device"), table: null);
        long sector = field.Required("sector").Integer(0);
        long count = field.Required("count").Integer(0, 1L << 32);
        if (!op.IsDataless())
        {
            steps.Budget.Buffer(count, field.Member("count"), $"a {op.ToShortName()} region"); // the run allocates the buffer dm-io moves
        }

        long repeat = field.Optional("repeat")?.Integer(1, 1024) ?? 1;
        long stride = field.Optional("stride")?.Integer(0) ?? count;
        if (repeat > 1 && stride > 0 && repeat - 1 > (long.MaxValue - sector) / stride)
        {
            // sector + i x stride would wrap around to a negative (or small) sector instead of being refused.
            throw field.Member("repeat").Error($"region {repeat - 1} of the repeat would start past sector {long.MaxValue} (sector + (repeat - 1) x stride overflows)");
        }

        var expanded = new List<RegionSpec>((int)repeat);
        for (long i = 0; i < repeat; i++)
        {
            expanded.Add(new RegionSpec(device, sector + (i * stride), count));
        }

        return expanded;
    }

    private static MemorySpec Memory(JsonField? field)
    {
        if (field is not { } m)
        {
            return MemorySpec.Default;
        }

        m.AllowOnly("kind", "offset", "page_offset", "segments", "segment_bytes");
        DmIoMemoryKind kind = m.Required("kind").Choice(Kinds);
        switch (kind)
        {
            case DmIoMemoryKind.PageList:
                Forbid(m, "page_offset", "segments", "segment_bytes");
                return MemorySpec.Default with { Offset = (int)(m.Optional("offset")?.Integer(0, DmIoConstants.PageSize - 1) ?? 0) };
            case DmIoMemoryKind.Bvec:
                Forbid(m, "offset", "page_offset");
                if (m.Has("segments") && m.Has("segment_bytes"))
                {
                    throw m.Member("segment_bytes").Error("give either 'segments' or 'segment_bytes', not both");
                }

                List<(int, int)>? segments = m.Optional("segments")?.Items().Select(s =>
                {
                    s.AllowOnly("offset", "length");
                    return ((int)(s.Optional("offset")?.Integer(0, DmIoConstants.PageSize - 1) ?? 0),
                            (int)s.Required("length").Integer(1, DmIoConstants.PageSize));
                }).ToList();
                int segmentBytes = (int)(m.Optional("segment_bytes")?.Integer(DmIoConstants.SectorSize, DmIoConstants.PageSize) ?? DmIoConstants.PageSize);
                return new MemorySpec(kind, 0, segments, segmentBytes);
            default:
                Forbid(m, "offset", "segments", "segment_bytes");
                return new MemorySpec(kind, (int)(m.Optional("page_offset")?.Integer(0, DmIoConstants.PageSize - 1) ?? 0), null, 0);
        }
    }

    private static void Forbid(JsonField m, params string[] names)
    {
        foreach (string name in names.Where(m.Has))
        {
            throw m.Member(name).Error($"'{name}' does not apply to {m.Member("kind").String()} memory");
        }
    }

    private static IoExpectation Expectation(JsonField e, BioOperation op, StepReader steps)
    {
        e.AllowOnly("rc", "error_bits", "failed_regions", "rejected", "data", "notify_calls", "notified_before_return");
        if (e.Has("error_bits") && e.Has("failed_regions"))
        {
            throw e.Member("failed_regions").Error("give either 'error_bits' or 'failed_regions', not both");
        }

        ulong? bits = e.Optional("error_bits")?.Unsigned();
        if (e.Optional("failed_regions") is { } failed)
        {
            bits = 0;
            foreach (JsonField r in failed.Items())
            {
                bits |= 1UL << (int)r.Integer(0, 63);
            }
        }

        DataSpec? data = e.Optional("data") is { } d ? steps.Data(d, forExpectation: true) : null;
        if (data is not null && op != BioOperation.Read)
        {
            throw e.Member("data").Error("only a read has data to check; use a check step or a later read for written data");
        }

        return new IoExpectation((int?)e.Optional("rc")?.Integer(-4095, 0), bits, e.Optional("rejected")?.Bool(), data,
            (int?)e.Optional("notify_calls")?.Integer(0, 1000), e.Optional("notified_before_return")?.Bool());
    }
}
