using System.Text;
using System.Text.Json;
using DmIo.FaultInjection;

namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Reads scenario files (format 1). Everything is checked here — types, ranges, unknown fields, device references,
/// cycles between tables, request ids — and every problem is a <see cref="ScenarioFormatException"/> naming the JSON
/// path, line and column of the offending field. Nothing is built or run while loading.
/// </summary>
public static class ScenarioLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Loads the scenario file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    /// <returns>The validated scenario.</returns>
    /// <exception cref="ScenarioFormatException">The file is malformed or asks for more than a cap; the message names the field.</exception>
    public static Scenario LoadFile(string path, ResourceLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        long size = new FileInfo(path).Length; // throws FileNotFoundException for a missing file, as reading would
        if (size > (limits ?? ResourceLimits.Default).MaxInputBytes)
        {
            throw TooLarge(size, limits ?? ResourceLimits.Default);
        }

        return Parse(File.ReadAllBytes(path), limits);
    }

    /// <summary>Parses scenario text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    /// <returns>The validated scenario.</returns>
    /// <exception cref="ScenarioFormatException">The text is malformed or asks for more than a cap; the message names the field.</exception>
    public static Scenario Parse(string json, ResourceLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), limits);
    }

    /// <summary>Parses scenario bytes (UTF-8; a byte-order mark is skipped).</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    /// <returns>The validated scenario.</returns>
    /// <exception cref="ScenarioFormatException">The bytes are malformed or ask for more than a cap; the message names the field.</exception>
    public static Scenario Parse(byte[] utf8, ResourceLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        limits ??= ResourceLimits.Default;
        limits.Validate();
        if (utf8.Length > limits.MaxInputBytes)
        {
            throw TooLarge(utf8.Length, limits);
        }

        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            utf8 = utf8[3..];
        }

        RequireUtf8(utf8);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (InvalidOperationException e)
        {
            // Checking for duplicate keys reads every member name; one with an escaped unpaired surrogate cannot be read.
            (int line, int column) = UnpairedSurrogateEscape(utf8);
            throw new ScenarioFormatException("$", line, column, "a member name is not valid text (an unpaired UTF-16 surrogate)", e);
        }
        catch (JsonException e)
        {
            string where = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            throw new ScenarioFormatException(where, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                "not valid JSON: " + JsonErrorText.Plain(e), e);
        }

        using (document)
        {
            var positions = new JsonPositionIndex(utf8, ReaderOptions);
            var root = new JsonField(document.RootElement, "$", positions);
            root.RequireValidStrings();
            return Read(root, Canonical(document.RootElement), new ResourceBudget(limits));
        }
    }

    /// <summary>
    /// Reads one step object of <paramref name="scenario"/>'s format on its own (a control step of <c>dmio-sim nbd</c>,
    /// read back from its trace), checked against the scenario's devices.
    /// </summary>
    /// <param name="json">The step object's JSON.</param>
    /// <param name="scenario">The scenario whose devices the step may name.</param>
    /// <param name="index">The step's index.</param>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ScenarioFormatException">The step is invalid; names the JSON path within it.</exception>
    public static StepSpec ParseStep(string json, Scenario scenario, int index, ResourceLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(scenario);
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ScenarioFormatException("$", (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "not valid JSON: " + JsonErrorText.Plain(e), e);
        }

        using (document)
        {
            var devices = scenario.Devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
            var field = new JsonField(document.RootElement, "$", new JsonPositionIndex(utf8, ReaderOptions));
            return new StepReader(devices, new ResourceBudget(limits ?? ResourceLimits.Default)).Read(field, index);
        }
    }

    /// <summary>
    /// Fails on bytes that are not UTF-8, naming where they are. The JSON reader accepts them inside strings and only
    /// fails (with an InvalidOperationException) when the string is read.
    /// </summary>
    private static void RequireUtf8(byte[] utf8)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(utf8);
        }
        catch (DecoderFallbackException e)
        {
            int at = Math.Clamp(e.Index, 0, utf8.Length);
            int lineStart = Array.LastIndexOf(utf8, (byte)'\n', Math.Max(at - 1, 0)) + 1;
            int line = 1 + utf8.AsSpan(0, lineStart).Count((byte)'\n');
            throw new ScenarioFormatException("$", line, at - lineStart + 1, $"not valid UTF-8: byte 0x{utf8[Math.Min(at, utf8.Length - 1)]:X2} at offset {at}", e);
        }
    }

    /// <summary>Line and column of the first <c>\uXXXX</c> escape of a surrogate that is not part of a pair (1, 1 if none).</summary>
    private static (int Line, int Column) UnpairedSurrogateEscape(byte[] utf8)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (utf8[i] == '\\' && i + 1 < utf8.Length)
            {
                int high = Escape(utf8, i);
                if (high is >= 0xD800 and <= 0xDBFF && Escape(utf8, i + 6) is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 11; // a valid pair
                }
                else if (high is >= 0xD800 and <= 0xDFFF)
                {
                    return (line, i - lineStart + 1);
                }
                else
                {
                    i++; // skip the escaped character
                }
            }
        }

        return (1, 1);

        static int Escape(byte[] b, int at) =>
            at + 5 < b.Length && b[at] == '\\' && b[at + 1] == 'u' &&
            int.TryParse(Encoding.ASCII.GetString(b, at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int value)
                ? value
                : -1;
    }

    private static Scenario Read(JsonField root, string canonical, ResourceBudget budget)
    {
        root.AllowOnly("$schema", "format", "name", "description", "seed", "client", "devices", "steps");
        _ = root.Optional("$schema")?.String(); // where editors find docs/scenario.schema.json; nothing else reads it
        long format = root.Required("format").Integer();
        if (format != SimulationAssembly.FormatVersion)
        {
            throw root.Member("format").Error($"format {format} is not supported; this build reads format {SimulationAssembly.FormatVersion}");
        }

        string name = root.Optional("name")?.String() ?? "scenario";
        string description = root.Optional("description")?.String() ?? string.Empty;
        ulong seed = root.Optional("seed")?.Unsigned() ?? 0;
        int ioCapacity = ReadClient(root.Optional("client"));
        if (root.Optional("client") is { } client)
        {
            budget.Client(ioCapacity, client.Member(client.Has("io_capacity") ? "io_capacity" : "pages"));
        }

        IReadOnlyList<DeviceSpec> devices = DeviceReader.ReadAll(root.Required("devices"), budget);
        var deviceMap = devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        IReadOnlyList<StepSpec> steps = new StepReader(deviceMap, budget).ReadAll(root.Required("steps"));
        return new Scenario(name, description, seed, ioCapacity, devices, steps, canonical);
    }

    private static ScenarioFormatException TooLarge(long size, ResourceLimits limits) =>
        new("$", 1, 1, $"the scenario is {size} bytes, past the limit of {ResourceLimits.FormatBytes(limits.MaxInputBytes)} (--max-input-bytes)");

    private static int ReadClient(JsonField? client)
    {
        if (client is not { } c)
        {
            return DmIoClient.IosPerPage;
        }

        c.AllowOnly("pages", "io_capacity");
        if (c.Has("pages") && c.Has("io_capacity"))
        {
            throw c.Member("io_capacity").Error("give either 'pages' or 'io_capacity', not both");
        }

        return c.Has("io_capacity")
            ? (int)c.Member("io_capacity").Integer(1, DmIoClient.MaxIoCapacity)
            : (int)c.Required("pages").Integer(1, DmIoClient.MaxIoCapacity / DmIoClient.IosPerPage) * DmIoClient.IosPerPage;
    }

    private static string Canonical(JsonElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
