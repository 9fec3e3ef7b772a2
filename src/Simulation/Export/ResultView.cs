using System.Text.Json;

namespace DmIo.Simulation.Export;

/// <summary>
/// The parts of a result document (as <c>run --out</c> writes it) that the timeline and the report draw: read once,
/// in document order, so both show the same thing.
/// </summary>
internal sealed class ResultView
{
    private ResultView(JsonElement root)
    {
        Scenario = root.TryGetProperty("scenario", out JsonElement name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "run";
        Seed = Number(root, "seed");
        Passed = root.TryGetProperty("passed", out JsonElement passed) && passed.ValueKind == JsonValueKind.True;
        Error = Text(root, "error");
        EndNs = Number(root, "end_ns");
        Devices = root.GetProperty("devices").EnumerateArray().Select((d, i) => new ViewDevice(
            Name(d, "name", $"devices[{i}]"), Text(d, "kind") ?? "?", Number(d, "sectors"), Text(d, "digest"))).ToList();
        Bios = root.GetProperty("bios").EnumerateArray().Select((b, i) => new ViewBio(
            i, Name(b, "dev", $"bios[{i}]"), Whole(b, "bio", $"bios[{i}]"), Number(b, "step"), Name(b, "op", $"bios[{i}]"), Text(b, "flags") ?? string.Empty,
            Whole(b, "sector", $"bios[{i}]"), Whole(b, "count", $"bios[{i}]"), Whole(b, "submit_ns", $"bios[{i}]"), Whole(b, "complete_ns", $"bios[{i}]"),
            Name(b, "status", $"bios[{i}]"))).ToList();
        Faults = root.GetProperty("faults").EnumerateArray().Select((f, i) => new ViewFault(
            Number(f, "seq"), Whole(f, "t", $"faults[{i}]"), Name(f, "dev", $"faults[{i}]"), Number(f, "bio"), Text(f, "op") ?? "?", Number(f, "sector"),
            Number(f, "count"), Text(f, "rule") ?? "?", Text(f, "action") ?? "?", Text(f, "status") ?? "?")).ToList();
        Steps = root.TryGetProperty("steps", out JsonElement steps) && steps.ValueKind == JsonValueKind.Array
            ? steps.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s => s.Clone()).ToList()
            : [];
        Failures = root.TryGetProperty("failures", out JsonElement failures) && failures.ValueKind == JsonValueKind.Array
            ? failures.EnumerateArray().Select(f => f.ToString()).ToList()
            : [];
    }

    /// <summary>The scenario's name.</summary>
    public string Scenario { get; }

    /// <summary>The seed the run used.</summary>
    public long Seed { get; }

    /// <summary>True when the run had no error and every expectation held.</summary>
    public bool Passed { get; }

    /// <summary>What stopped the run early, or null.</summary>
    public string? Error { get; }

    /// <summary>Virtual time at the end of the run.</summary>
    public long EndNs { get; }

    /// <summary>Every device, dependencies first.</summary>
    public IReadOnlyList<ViewDevice> Devices { get; }

    /// <summary>Every bio in submission order.</summary>
    public IReadOnlyList<ViewBio> Bios { get; }

    /// <summary>Every fault decision in order.</summary>
    public IReadOnlyList<ViewFault> Faults { get; }

    /// <summary>Every executed step as its JSON object.</summary>
    public IReadOnlyList<JsonElement> Steps { get; }

    /// <summary>The run's unmet expectations as sentences.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>Reads a result document.</summary>
    /// <exception cref="FormatException">The text is not a result document.</exception>
    public static ResultView Parse(string resultJson)
    {
        ArgumentNullException.ThrowIfNull(resultJson);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(resultJson);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsArray(root, "devices") || !IsArray(root, "bios") || !IsArray(root, "faults"))
            {
                throw new FormatException("Not a result document: it needs 'devices', 'bios' and 'faults' (write one with 'dmio-sim run --out').");
            }

            return new ResultView(root);
        }
        catch (JsonException e)
        {
            throw new FormatException("Not a result document: " + DmIo.FaultInjection.JsonErrorText.Plain(e), e);
        }
    }

    private static bool IsArray(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array;

    private static string Name(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && Text(element, name) is { } text
            ? text
            : throw new FormatException($"Not a result document: {where} has no text '{name}'.");

    private static long Whole(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n)
            ? n
            : throw new FormatException($"Not a result document: {where} has no whole number '{name}'.");

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : 0;
}

/// <summary>A device of a result.</summary>
internal sealed record ViewDevice(string Name, string Kind, long Sectors, string? Digest);

/// <summary>A bio of a result; <see cref="Order"/> is its place in submission order.</summary>
internal sealed record ViewBio(int Order, string Dev, long Bio, long Step, string Op, string Flags, long Sector, long Count, long SubmitNs, long CompleteNs, string Status)
{
    /// <summary>True when the bio had not completed when the run ended.</summary>
    public bool Pending => Status == "pending" || CompleteNs < 0;

    /// <summary>True when the bio carried PREFLUSH.</summary>
    public bool Preflush => HasFlag("preflush");

    /// <summary>True when the bio carried FUA.</summary>
    public bool Fua => HasFlag("fua");

    private bool HasFlag(string flag) => Flags.Split(',').Contains(flag, StringComparer.Ordinal);
}

/// <summary>A fault decision of a result.</summary>
internal sealed record ViewFault(long Seq, long T, string Dev, long Bio, string Op, long Sector, long Count, string Rule, string Action, string Status);
