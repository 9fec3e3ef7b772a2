using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation;

/// <summary>
/// Builds a scenario document (format 1) in code, for workload generators: declare devices, add request steps and
/// the other steps in order, then take the JSON (<see cref="ToJson"/>) or the loaded scenario (<see cref="Build"/>).
/// The output always goes through <see cref="ScenarioLoader"/>, so a builder can never produce a file the tool rejects.
/// </summary>
public sealed class ScenarioBuilder
{
    private readonly JsonArray _devices = [];  // device declarations, in order
    private readonly JsonArray _steps = [];    // steps, in order
    private int _ioCapacity;                   // 0 = the default pool

    /// <summary>Starts a scenario.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="seed">Its seed.</param>
    public ScenarioBuilder(string name, ulong seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Seed = seed;
    }

    /// <summary>The scenario's name.</summary>
    public string Name { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>What the scenario shows.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>How many steps have been added.</summary>
    public int StepCount => _steps.Count;

    /// <summary>Sets the dm-io client's io pool size.</summary>
    /// <param name="ioCapacity">At least 1.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder WithIoCapacity(int ioCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ioCapacity, 1);
        _ioCapacity = ioCapacity;
        return this;
    }

    /// <summary>Declares a backend device.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="backend">memory, sparse, file or zero.</param>
    /// <param name="sectors">Capacity in sectors.</param>
    /// <param name="limits">Queue limits as in the file format (for example <c>max_sectors</c>), or null for the backend's defaults.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Backend(string name, string backend, long sectors, IReadOnlyDictionary<string, long>? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(backend);
        ArgumentOutOfRangeException.ThrowIfLessThan(sectors, 1);
        var device = new JsonObject { ["name"] = name, ["backend"] = backend, ["sectors"] = sectors };
        if (limits is not null)
        {
            var l = new JsonObject();
            foreach ((string key, long value) in limits)
            {
                l[key] = value;
            }

            device["limits"] = l;
        }

        _devices.Add(device);
        return this;
    }

    /// <summary>Declares a table device over devices declared before or after it.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="lines">dmsetup-style lines.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Table(string name, params string[] lines)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(lines);
        _devices.Add(new JsonObject { ["name"] = name, ["table"] = new JsonArray([.. lines.Select(l => (JsonNode)JsonValue.Create(l))]) });
        return this;
    }

    /// <summary>Adds a dm-io request step.</summary>
    /// <param name="id">The request id (unique).</param>
    /// <param name="operation">The operation.</param>
    /// <param name="regions">The regions.</param>
    /// <param name="flags">Flags on every bio.</param>
    /// <param name="async">True for an async request.</param>
    /// <param name="memory">The memory layout; null for a page list at offset 0 (ignored for discard and write-zeroes).</param>
    /// <param name="payload">A write's bytes (or a read buffer's initial bytes); null for the seeded default.</param>
    /// <param name="expect">What to check; null for nothing.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Request(string id, BioOperation operation, IEnumerable<RegionSpec> regions, BioFlags flags = BioFlags.None,
        bool async = false, MemorySpec? memory = null, DataSpec? payload = null, IoExpectation? expect = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(regions);
        var step = new JsonObject { ["do"] = "io", ["id"] = id, ["op"] = operation.ToShortName() };
        if (flags != BioFlags.None)
        {
            step["flags"] = new JsonArray([.. FlagNames.Format(flags).Split(',').Select(f => (JsonNode)JsonValue.Create(f))]);
        }

        if (async)
        {
            step["mode"] = "async";
        }

        if (memory is not null && !operation.IsDataless())
        {
            step["memory"] = Memory(memory);
        }

        if (payload is not null)
        {
            step["payload"] = Data(payload);
        }

        step["regions"] = new JsonArray([.. regions.Select(r => (JsonNode)new JsonObject { ["device"] = r.Device, ["sector"] = r.Sector, ["count"] = r.Count })]);
        if (expect is not null)
        {
            step["expect"] = Expectation(expect);
        }

        _steps.Add(step);
        return this;
    }

    /// <summary>Adds a device message step (dust messages, rule changes, suspend/resume).</summary>
    /// <param name="device">The table device.</param>
    /// <param name="text">The message.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Message(string device, string text) => Add(new JsonObject { ["do"] = "message", ["device"] = device, ["text"] = text });

    /// <summary>Adds a clock advance.</summary>
    /// <param name="nanoseconds">How far.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Advance(long nanoseconds) => Add(new JsonObject { ["do"] = "advance", ["by"] = nanoseconds });

    /// <summary>Adds a power loss of one table's write caches, or of every cache when <paramref name="device"/> is null.</summary>
    /// <param name="device">The table device, or null.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Crash(string? device = null) =>
        Add(device is null ? new JsonObject { ["do"] = "crash" } : new JsonObject { ["do"] = "crash", ["device"] = device });

    /// <summary>Adds a status step: the table's <c>dmsetup status</c> and <c>dmsetup table</c> text, checked when expectations are given.</summary>
    /// <param name="device">The table device.</param>
    /// <param name="status">The status text to expect (every line, each ending in a newline), or null.</param>
    /// <param name="table">The table text to expect, or null.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Status(string device, string? status = null, string? table = null)
    {
        var step = new JsonObject { ["do"] = "status", ["device"] = device };
        if (status is not null || table is not null)
        {
            var expect = new JsonObject();
            if (status is not null)
            {
                expect["status"] = status;
            }

            if (table is not null)
            {
                expect["table"] = table;
            }

            step["expect"] = expect;
        }

        return Add(step);
    }
    /// <summary>Adds a suspend of a table device, as <c>dmsetup suspend</c> (or <c>dmsetup suspend --noflush</c>).</summary>
    /// <param name="device">The table device.</param>
    /// <param name="noflush">True for a noflush suspend, in which targets may push held bios back for the resume.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Suspend(string device, bool noflush = false) =>
        Add(noflush ? new JsonObject { ["do"] = "suspend", ["device"] = device, ["noflush"] = true } : new JsonObject { ["do"] = "suspend", ["device"] = device });

    /// <summary>Adds a resume of a table device, as <c>dmsetup resume</c>: the bios held while it was suspended go on in order.</summary>
    /// <param name="device">The table device.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Resume(string device) => Add(new JsonObject { ["do"] = "resume", ["device"] = device });

    /// <summary>
    /// Adds a reload of a table device, as <c>dmsetup reload</c> then <c>dmsetup resume</c>: the device is suspended if
    /// needed, takes the new table, and resumes (how a flakey device is taken down or up: <c>0 N flakey d0 0 0 1</c>).
    /// </summary>
    /// <param name="device">The table device.</param>
    /// <param name="lines">The new table's lines.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Reload(string device, params string[] lines) =>
        Add(new JsonObject { ["do"] = "reload", ["device"] = device, ["table"] = new JsonArray([.. lines.Select(l => (JsonNode?)JsonValue.Create(l))]) });

    /// <summary>Adds a mark step: a named point that <c>export-log-writes</c> writes as a dm-log-writes mark entry.</summary>
    /// <param name="name">The mark's text (printable ASCII, no spaces).</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Mark(string name) => Add(new JsonObject { ["do"] = "mark", ["name"] = name });

    /// <summary>Adds a wait for an async request, or until nothing is pending when <paramref name="id"/> is null.</summary>
    /// <param name="id">The request id, or null.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Wait(string? id = null) =>
        Add(id is null ? new JsonObject { ["do"] = "wait" } : new JsonObject { ["do"] = "wait", ["id"] = id });

    /// <summary>Adds a direct check of a backend's media.</summary>
    /// <param name="device">The backend.</param>
    /// <param name="sector">First sector.</param>
    /// <param name="count">Sectors.</param>
    /// <param name="expected">The expected bytes.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Check(string device, long sector, long count, DataSpec expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Add(new JsonObject
        {
            ["do"] = "check", ["device"] = device, ["sector"] = sector, ["count"] = count, ["expect"] = new JsonObject { ["data"] = Data(expected) },
        });
    }

    /// <summary>The scenario document, indented, validated by loading it.</summary>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ScenarioFormatException">What was built is not a valid scenario (for example a region names an undeclared device).</exception>
    public string ToJson()
    {
        var root = new JsonObject { ["format"] = SimulationAssembly.FormatVersion, ["name"] = Name, ["description"] = Description, ["seed"] = Seed };
        if (_ioCapacity > 0)
        {
            root["client"] = new JsonObject { ["io_capacity"] = _ioCapacity };
        }

        root["devices"] = _devices.DeepClone();
        root["steps"] = _steps.DeepClone();
        string json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        ScenarioLoader.Parse(json);
        return json;
    }

    /// <summary>The loaded scenario.</summary>
    /// <returns>The scenario, ready for <see cref="ScenarioRun.Run"/>.</returns>
    public Scenario Build() => ScenarioLoader.Parse(ToJson());

    private ScenarioBuilder Add(JsonObject step)
    {
        _steps.Add(step);
        return this;
    }

    private static JsonObject Memory(MemorySpec m)
    {
        switch (m.Kind)
        {
            case DmIoMemoryKind.PageList:
                return new JsonObject { ["kind"] = "page_list", ["offset"] = m.Offset };
            case DmIoMemoryKind.Bvec:
                var bvec = new JsonObject { ["kind"] = "bvec" };
                if (m.Segments is { } segments)
                {
                    bvec["segments"] = new JsonArray([.. segments.Select(s => (JsonNode)new JsonObject { ["offset"] = s.Offset, ["length"] = s.Length })]);
                }
                else
                {
                    bvec["segment_bytes"] = m.SegmentBytes;
                }

                return bvec;
            case DmIoMemoryKind.Vm:
            case DmIoMemoryKind.Kmem:
                return new JsonObject { ["kind"] = m.Kind == DmIoMemoryKind.Vm ? "vm" : "kmem", ["page_offset"] = m.Offset };
            default:
                throw new ArgumentException("A request with data needs a page_list, bvec, vm or kmem layout.", nameof(m));
        }
    }

    private static JsonObject Data(DataSpec d) => d.Kind switch
    {
        DataKind.Pattern => new JsonObject { ["pattern"] = d.PatternSeed },
        DataKind.Fill => new JsonObject { ["fill"] = d.Fill },
        DataKind.Hex => new JsonObject { ["hex"] = Convert.ToHexStringLower(d.Hex ?? []) },
        DataKind.SameAs => new JsonObject { ["same_as"] = d.Reference },
        _ => new JsonObject { ["digest"] = d.Reference },
    };

    private static JsonObject Expectation(IoExpectation e)
    {
        var o = new JsonObject();
        if (e.ReturnCode is { } rc)
        {
            o["rc"] = rc;
        }

        if (e.ErrorBits is { } bits)
        {
            o["error_bits"] = "0x" + bits.ToString("x", CultureInfo.InvariantCulture);
        }

        if (e.Rejected is { } rejected)
        {
            o["rejected"] = rejected;
        }

        if (e.Data is { } data)
        {
            o["data"] = Data(data);
        }

        if (e.NotifyCalls is { } calls)
        {
            o["notify_calls"] = calls;
        }

        if (e.NotifiedBeforeReturn is { } before)
        {
            o["notified_before_return"] = before;
        }

        return o;
    }
}
