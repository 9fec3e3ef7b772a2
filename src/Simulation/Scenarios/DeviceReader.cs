using DmIo.VirtualDevices;

namespace DmIo.Simulation.Scenarios;

/// <summary>Reads the <c>devices</c> array: backends and tables, then orders them so each follows what it is built over.</summary>
internal static class DeviceReader
{
    private static readonly Dictionary<string, DeviceKind> Backends = new(StringComparer.Ordinal)
    {
        ["memory"] = DeviceKind.Memory,
        ["sparse"] = DeviceKind.Sparse,
        ["file"] = DeviceKind.File,
        ["zero"] = DeviceKind.Zero,
    };

    private static readonly Dictionary<string, BlockQueueKind> Queues = new(StringComparer.Ordinal)
    {
        ["bio"] = BlockQueueKind.BioBased,
        ["request"] = BlockQueueKind.RequestBased,
    };

    private static readonly Dictionary<string, DeviceCompletionMode> Completions = new(StringComparer.Ordinal)
    {
        ["inline"] = DeviceCompletionMode.Inline,
        ["scheduled"] = DeviceCompletionMode.Scheduled,
    };

    public static IReadOnlyList<DeviceSpec> ReadAll(JsonField devices, ResourceBudget budget)
    {
        var read = new List<(DeviceSpec Spec, JsonField Field)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonField item in devices.Items())
        {
            DeviceSpec spec = Read(item);
            if (!names.Add(spec.Name))
            {
                throw item.Member("name").Error($"a device named '{spec.Name}' is already declared");
            }

            budget.Device(spec, item);
            read.Add((spec, item));
        }

        if (read.Count == 0)
        {
            throw devices.Error("a scenario needs at least one device");
        }

        foreach ((DeviceSpec spec, JsonField field) in read)
        {
            for (int line = 0; line < spec.Table.Count; line++)
            {
                foreach (string dependency in References(spec.Table[line]))
                {
                    if (!names.Contains(dependency))
                    {
                        throw TableLine(field, spec, line).Error(
                            $"table line names device '{dependency}', which is not declared (declared: {string.Join(", ", names.Order(StringComparer.Ordinal))})");
                    }

                    if (dependency == spec.Name)
                    {
                        throw TableLine(field, spec, line).Error($"device '{spec.Name}' is built over itself");
                    }
                }
            }
        }

        return TopologicalOrder(read);
    }

    /// <summary>Reads one device for an incremental session, checking its references against the devices that exist.</summary>
    public static DeviceSpec ReadOne(JsonField item, IReadOnlyCollection<string> existing, ResourceBudget budget)
    {
        DeviceSpec spec = Read(item);
        if (existing.Contains(spec.Name))
        {
            throw item.Member("name").Error($"a device named '{spec.Name}' already exists");
        }

        foreach (string dependency in spec.DependsOn.Where(d => !existing.Contains(d)))
        {
            throw item.Member("table").Error($"table names device '{dependency}', which does not exist (existing: {string.Join(", ", existing.Order(StringComparer.Ordinal))})");
        }

        budget.Device(spec, item); // last: a refused device charges nothing
        return spec;
    }

    private static DeviceSpec Read(JsonField item)
    {
        item.AllowOnly("name", "backend", "queue", "sectors", "limits", "completion", "table");
        string name = item.Required("name").Name();
        if (item.Has("table") == item.Has("backend"))
        {
            throw item.Member("backend").Error("a device has exactly one of 'backend' (memory, sparse, file, zero) or 'table'");
        }

        if (item.Optional("table") is { } tableField)
        {
            foreach (string key in new[] { "queue", "sectors", "limits", "completion" })
            {
                if (item.Has(key))
                {
                    throw item.Member(key).Error($"'{key}' belongs to backends; a table's lines define its size and its targets' limits");
                }
            }

            List<(string Line, SourcePosition Position)> table = ReadTable(tableField);
            return new DeviceSpec(name, item.Path, DeviceKind.Table, 0, null, DeviceCompletionMode.Inline, [.. table.Select(t => t.Line)],
                [.. table.SelectMany(t => References(t.Line)).Distinct(StringComparer.Ordinal)], item.Position, [.. table.Select(t => t.Position)]);
        }

        DeviceKind kind = item.Required("backend").Choice(Backends);
        BlockQueueKind queue = ReadQueue(item, kind);
        long sectors = item.Required("sectors").Integer(1, 1L << 40);
        QueueLimits? limits = item.Optional("limits") is { } l ? LimitsReader.Read(l, BackendDefaults(kind, queue)) : null;
        DeviceCompletionMode completion = item.Optional("completion")?.Choice(Completions) ?? DeviceCompletionMode.Inline;
        return new DeviceSpec(name, item.Path, kind, sectors, limits, completion, [], [], item.Position) { Queue = queue };
    }

    // Only memory backends come in both kinds (brd or null_blk); a file is a loop device and zero a dm target.
    private static BlockQueueKind ReadQueue(JsonField item, DeviceKind kind)
    {
        if (item.Optional("queue") is not { } field)
        {
            return BlockQueueKind.BioBased;
        }

        if (kind is not (DeviceKind.Memory or DeviceKind.Sparse))
        {
            throw field.Error("'queue' belongs to memory and sparse backends; a file is request-based (loop) and zero bio-based (dm)");
        }

        return field.Choice(Queues);
    }

    // The limits each backend shows when the scenario gives none: its kernel counterpart's.
    private static QueueLimits BackendDefaults(DeviceKind kind, BlockQueueKind queue) => kind switch
    {
        DeviceKind.File => SparseFileDevice.DefaultLimits,
        DeviceKind.Zero => ZeroDevice.DefaultLimits,
        _ => MemoryQueueDefaults.LimitsFor(queue),
    };

    internal static List<(string Line, SourcePosition Position)> ReadTable(JsonField field)
    {
        IEnumerable<(string Text, JsonField Field)> lines = field.Element.ValueKind == System.Text.Json.JsonValueKind.String
            ? field.String().Split('\n').Select(t => (t, field))
            : field.Items().Select(f => (f.String(), f));
        var table = new List<(string Line, SourcePosition Position)>();
        foreach ((string text, JsonField where) in lines)
        {
            string line = text.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3)
            {
                throw where.Error($"table line '{line}' needs at least <start> <length> <target>");
            }

            if (!TableReferences.Targets.Contains(words[2]))
            {
                throw where.Error($"unknown target '{words[2]}'; known targets: {string.Join(", ", TableReferences.Targets)}");
            }

            table.Add((line, where.Position));
        }

        if (table.Count == 0)
        {
            throw field.Error("a table needs at least one line");
        }

        return table;
    }

    internal static IEnumerable<string> References(string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] args = words[3..];
        return TableReferences.DeviceArguments(words[2], args).Where(i => i < args.Length).Select(i => args[i]);
    }

    private static JsonField TableLine(JsonField device, DeviceSpec spec, int line)
    {
        JsonField table = device.Member("table");
        return table.Element.ValueKind == System.Text.Json.JsonValueKind.Array
            ? table.Items().Where(f => f.String().Trim() == spec.Table[line]).DefaultIfEmpty(table).First()
            : table;
    }

    /// <summary>Orders devices so dependencies come first; a cycle is reported at the first device found on it.</summary>
    private static List<DeviceSpec> TopologicalOrder(List<(DeviceSpec Spec, JsonField Field)> read)
    {
        var byName = read.ToDictionary(r => r.Spec.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var order = new List<DeviceSpec>();
        foreach ((DeviceSpec spec, _) in read)
        {
            Visit(spec.Name, []);
        }

        return order;

        void Visit(string name, List<string> trail)
        {
            state.TryGetValue(name, out int s);
            if (s == 2)
            {
                return;
            }

            (DeviceSpec spec, JsonField field) = byName[name];
            if (s == 1)
            {
                int start = trail.IndexOf(name);
                throw field.Member("table").Error($"devices form a cycle: {string.Join(" -> ", trail.Skip(start).Append(name))}");
            }

            state[name] = 1;
            trail.Add(name);
            foreach (string dependency in spec.DependsOn)
            {
                Visit(dependency, trail);
            }

            trail.RemoveAt(trail.Count - 1);
            state[name] = 2;
            order.Add(spec);
        }
    }
}
