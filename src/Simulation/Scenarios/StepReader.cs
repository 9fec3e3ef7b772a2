using System.Globalization;
using DmIo;

namespace DmIo.Simulation.Scenarios;

/// <summary>Reads the <c>steps</c> array, checking every device name and request id it mentions.</summary>
internal sealed class StepReader(IReadOnlyDictionary<string, DeviceSpec> devices, ResourceBudget budget)
{
    private readonly Dictionary<string, IoStep> _requests = new(StringComparer.Ordinal); // ids seen so far

    public IReadOnlyList<StepSpec> ReadAll(JsonField steps)
    {
        var list = new List<StepSpec>();
        foreach (JsonField item in steps.Items())
        {
            list.Add(Read(item, list.Count));
        }

        return list;
    }

    /// <summary>The caps and what has been charged against them.</summary>
    public ResourceBudget Budget => budget;

    /// <summary>
    /// Reads one step at <paramref name="index"/> (for incremental sessions, whose device map grows). A refused step
    /// changes nothing: its request id is registered and its resources charged only once everything has been checked.
    /// </summary>
    public StepSpec Read(JsonField item, int index)
    {
        StepSpec step = ReadStep(item, index);
        if (step is IoStep io && _requests.ContainsKey(io.Id))
        {
            throw item.Member("id").Error($"request id '{io.Id}' is already used by an earlier step");
        }

        budget.Step(step, item);
        if (step is IoStep request)
        {
            _requests.Add(request.Id, request);
        }

        return step;
    }

    private StepSpec ReadStep(JsonField item, int index)
    {
        string kind = item.Required("do").String();
        switch (kind)
        {
            case "io":
                return IoStepReader.Read(item, index, this);
            case "message":
                item.AllowOnly("do", "device", "sector", "text", "expect");
                string device = Device(item.Required("device"), table: true);
                JsonField? expect = item.Optional("expect");
                expect?.AllowOnly("reply", "error");
                return new MessageStep(index, item.Path, device, item.Optional("sector")?.Integer(0) ?? 0, item.Required("text").String(),
                    expect?.Optional("reply")?.String(), expect?.Optional("error")?.Bool());
            case "status":
                item.AllowOnly("do", "device", "expect");
                string table = Device(item.Required("device"), table: true);
                JsonField? wanted = item.Optional("expect");
                wanted?.AllowOnly("status", "table");
                return new StatusStep(index, item.Path, table, wanted?.Optional("status")?.String(), wanted?.Optional("table")?.String());
            case "advance":
                item.AllowOnly("do", "by");
                return new AdvanceStep(index, item.Path, item.Required("by").Duration());
            case "crash":
                item.AllowOnly("do", "device");
                return new CrashStep(index, item.Path, item.Optional("device") is { } d ? Device(d, table: true) : null);
            case "suspend":
                item.AllowOnly("do", "device", "noflush");
                return new SuspendStep(index, item.Path, Device(item.Required("device"), table: true), item.Optional("noflush")?.Bool() ?? false);
            case "reload":
                item.AllowOnly("do", "device", "table");
                string reloaded = Device(item.Required("device"), table: true);
                List<(string Line, SourcePosition Position)> lines = DeviceReader.ReadTable(item.Required("table"));
                if (lines.Count == 0)
                {
                    throw item.Member("table").Error("the new table has no lines");
                }

                foreach (string name in lines.SelectMany(l => DeviceReader.References(l.Line)))
                {
                    if (!devices.ContainsKey(name))
                    {
                        throw item.Member("table").Error($"table names device '{name}', which does not exist (existing: {string.Join(", ", devices.Keys.Order(StringComparer.Ordinal))})");
                    }
                }

                return new ReloadStep(index, item.Path, reloaded, [.. lines.Select(l => l.Line)], [.. lines.Select(l => l.Position)]);
            case "resume":
                item.AllowOnly("do", "device");
                return new ResumeStep(index, item.Path, Device(item.Required("device"), table: true));
            case "mark":
                item.AllowOnly("do", "name");
                JsonField nameField = item.Required("name");
                string mark = nameField.String();
                if (mark.Length is 0 or > MarkStep.MaxNameLength || !mark.All(c => c is > ' ' and <= '~'))
                {
                    throw nameField.Error($"a mark name is 1 to {MarkStep.MaxNameLength} printable ASCII characters without spaces (dm-log-writes' 'mark <name>' message)");
                }

                return new MarkStep(index, item.Path, mark);
            case "wait":
                item.AllowOnly("do", "id");
                if (item.Optional("id") is not { } idField)
                {
                    return new WaitStep(index, item.Path, null);
                }

                string id = idField.String();
                if (!_requests.TryGetValue(id, out IoStep? target) || !target.Async)
                {
                    throw idField.Error($"'{id}' is not the id of an earlier async request");
                }

                return new WaitStep(index, item.Path, id);
            case "check":
                item.AllowOnly("do", "device", "sector", "count", "expect");
                string backend = Device(item.Required("device"), table: false);
                long sector = item.Optional("sector")?.Integer(0) ?? 0;
                long count = item.Required("count").Integer(1, 1 << 22);
                budget.Buffer(count, item.Member("count"), "a check");
                JsonField expectData = item.Required("expect");
                expectData.AllowOnly("data");
                return new CheckStep(index, item.Path, backend, sector, count, Data(expectData.Required("data"), forExpectation: true));
            case "pool":
                item.AllowOnly("do", "get", "put", "expect");
                JsonField? poolExpect = item.Optional("expect");
                poolExpect?.AllowOnly("pool_size");
                int get = (int)(item.Optional("get")?.Integer(0, 1 << 20) ?? 0);
                int put = (int)(item.Optional("put")?.Integer(0, 1 << 20) ?? 0);
                if ((get == 0) == (put == 0))
                {
                    throw item.Member("get").Error("a pool step gives exactly one of 'get' or 'put', greater than 0");
                }

                return new PoolStep(index, item.Path, get, put, (int?)poolExpect?.Optional("pool_size")?.Integer(0));
            default:
                throw item.Member("do").Error($"unknown step kind '{kind}'; expected io, message, advance, crash, suspend, resume, reload, status, mark, wait, check or pool");
        }
    }

    /// <summary>Resolves a device name; <paramref name="table"/> true requires a table, false a backend, null either.</summary>
    public string Device(JsonField field, bool? table)
    {
        string name = field.String();
        if (!devices.TryGetValue(name, out DeviceSpec? spec))
        {
            throw field.Error($"unknown device '{name}' (declared: {string.Join(", ", devices.Keys.Order(StringComparer.Ordinal))})");
        }

        if (table == true && spec.Kind != DeviceKind.Table)
        {
            throw field.Error($"device '{name}' is a {spec.Kind.ToString().ToLowerInvariant()} backend; this step needs a table device");
        }

        if (table == false && spec.Kind == DeviceKind.Table)
        {
            throw field.Error($"device '{name}' is a table; this step reads a backend's media directly");
        }

        return name;
    }

    /// <summary>Reads a data description: exactly one of pattern, fill, hex (and for expectations: same_as, digest).</summary>
    public DataSpec Data(JsonField field, bool forExpectation)
    {
        string[] keys = forExpectation ? ["pattern", "fill", "hex", "same_as", "digest"] : ["pattern", "fill", "hex", "same_as"];
        field.AllowOnly(keys);
        string[] given = [.. keys.Where(field.Has)];
        if (given.Length != 1)
        {
            throw field.Error($"give exactly one of: {string.Join(", ", keys)}");
        }

        JsonField value = field.Member(given[0]);
        switch (given[0])
        {
            case "pattern":
                return new DataSpec(DataKind.Pattern, PatternSeed: value.Unsigned());
            case "fill":
                return new DataSpec(DataKind.Fill, Fill: (byte)value.Integer(0, 255));
            case "hex":
                string hex = value.String();
                if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
                {
                    throw value.Error("expected an even number of hex digits");
                }

                return new DataSpec(DataKind.Hex, Hex: Convert.FromHexString(hex));
            case "same_as":
                string id = value.String();
                if (!_requests.TryGetValue(id, out IoStep? source) || source.Operation != BioOperation.Write)
                {
                    throw value.Error($"'{id}' is not the id of an earlier write request");
                }

                return new DataSpec(DataKind.SameAs, Reference: id);
            default:
                string digest = value.String();
                if (digest.Length != 16 || !digest.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
                {
                    throw value.Error("a digest is 16 lower-case hex digits (64-bit FNV-1a)");
                }

                return new DataSpec(DataKind.Digest, Reference: digest);
        }
    }

    /// <summary>A default request id for step <paramref name="index"/>.</summary>
    public static string DefaultId(int index) => "r" + index.ToString(CultureInfo.InvariantCulture);
}
