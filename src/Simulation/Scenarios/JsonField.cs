using System.Globalization;
using System.Text.Json;
using DmIo.FaultInjection;

namespace DmIo.Simulation.Scenarios;

/// <summary>
/// One value of a scenario document together with its JSON path: typed getters that fail with a
/// <see cref="ScenarioFormatException"/> naming the path, line and column, so every check reads as one line.
/// </summary>
internal readonly struct JsonField
{
    private readonly JsonPositionIndex _positions; // for line and column in errors

    public JsonField(JsonElement element, string path, JsonPositionIndex positions)
    {
        Element = element;
        Path = path;
        _positions = positions;
    }

    public JsonElement Element { get; }

    public string Path { get; }

    public SourcePosition Position
    {
        get
        {
            (int line, int column) = _positions.Find(Path);
            return new SourcePosition(Path, line, column);
        }
    }

    public ScenarioFormatException Error(string problem)
    {
        (int line, int column) = _positions.Find(Path);
        return new ScenarioFormatException(Path, line, column, problem);
    }

    /// <summary>
    /// Fails on a string or member name that cannot be read as text — an escaped unpaired surrogate such as
    /// <c>"\ud800"</c>, which the JSON reader accepts but refuses to return — naming where it is. Run once over a
    /// whole document before reading it, so no getter meets one.
    /// </summary>
    public void RequireValidStrings()
    {
        switch (Element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = Element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Error($"the string {Element.GetRawText()} is not valid text (an unpaired UTF-16 surrogate)");
                }

                break;
            case JsonValueKind.Object:
                foreach (JsonProperty member in Element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Error("a member name is not valid text (an unpaired UTF-16 surrogate)");
                    }

                    new JsonField(member.Value, Path + "." + name, _positions).RequireValidStrings();
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonField item in Items())
                {
                    item.RequireValidStrings();
                }

                break;
        }
    }

    /// <summary>Fails on any member not in <paramref name="allowed"/>, naming it, so typos do not pass silently.</summary>
    public void AllowOnly(params string[] allowed)
    {
        RequireKind(JsonValueKind.Object, "an object");
        foreach (JsonProperty member in Element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, member.Name) < 0)
            {
                throw Member(member.Name).Error($"unknown field '{member.Name}'; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    public JsonField Member(string name) =>
        new(Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out JsonElement value) ? value : default,
            Path + "." + name, _positions);

    public bool Has(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    public JsonField Required(string name)
    {
        RequireKind(JsonValueKind.Object, "an object");
        if (!Has(name))
        {
            throw Member(name).Error($"missing required field '{name}'");
        }

        return Member(name);
    }

    public JsonField? Optional(string name) => Has(name) ? Member(name) : null;

    public IEnumerable<JsonField> Items()
    {
        RequireKind(JsonValueKind.Array, "an array");
        int i = 0;
        foreach (JsonElement item in Element.EnumerateArray())
        {
            yield return new JsonField(item, $"{Path}[{i++}]", _positions);
        }
    }

    public string String()
    {
        RequireKind(JsonValueKind.String, "a string");
        return Element.GetString()!;
    }

    public string Name()
    {
        string text = String();
        if (text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw Error($"'{text}' is not a usable name: names must be non-empty and contain no spaces");
        }

        return text;
    }

    public bool Bool()
    {
        if (Element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Error($"expected true or false, found {Describe()}");
        }

        return Element.GetBoolean();
    }

    public long Integer(long min = long.MinValue, long max = long.MaxValue)
    {
        RequireKind(JsonValueKind.Number, "an integer");
        if (!Element.TryGetInt64(out long value))
        {
            throw Error($"expected an integer, found {Element.GetRawText()}");
        }

        if (value < min || value > max)
        {
            throw Error($"{value} is out of range {min}..{max}");
        }

        return value;
    }

    public ulong Unsigned()
    {
        if (Element.ValueKind == JsonValueKind.String &&
            Element.GetString() is { } hex && hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            ulong.TryParse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong parsed))
        {
            return parsed;
        }

        RequireKind(JsonValueKind.Number, "a non-negative integer (or a \"0x...\" string)");
        if (!Element.TryGetUInt64(out ulong value))
        {
            throw Error($"expected a non-negative 64-bit integer, found {Element.GetRawText()}");
        }

        return value;
    }

    /// <summary>A duration: an integer of nanoseconds, or a string with a unit (<c>"10ms"</c>, <c>"2s"</c>).</summary>
    public long Duration()
    {
        if (Element.ValueKind == JsonValueKind.Number)
        {
            return Integer(0);
        }

        string text = String();
        try
        {
            return FaultRuleSyntax.ParseDuration(text);
        }
        catch (FormatException e)
        {
            throw Error($"'{text}' is not a duration ({e.Message}); use nanoseconds or a string such as \"10ms\"");
        }
    }

    public T Choice<T>(IReadOnlyDictionary<string, T> choices)
    {
        string text = String();
        if (!choices.TryGetValue(text, out T? value))
        {
            throw Error($"'{text}' is not one of: {string.Join(", ", choices.Keys)}");
        }

        return value;
    }

    private void RequireKind(JsonValueKind kind, string what)
    {
        if (Element.ValueKind != kind)
        {
            throw Error($"expected {what}, found {Describe()}");
        }
    }

    private string Describe() => Element.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Element.GetString()}\"",
        JsonValueKind.Number => $"the number {Element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => Element.GetRawText(),
        _ => "null",
    };
}
