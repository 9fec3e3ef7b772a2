using System.Text.Json;

namespace DmIo.Cli.Commands;

/// <summary>
/// Recognises the kinds of file dmio-sim writes, so that giving one where another is expected is reported as that
/// ("this is a result file, not a trace") rather than as the first field the reader tripped on.
/// </summary>
internal static class InputKind
{
    public const string Scenario = "a scenario";
    public const string Trace = "a trace";
    public const string Result = "a result file";
    public const string SweepSummary = "a sweep summary";

    /// <summary>Which kind of dmio-sim file <paramref name="text"/> is, or null when it looks like none of them.</summary>
    public static string? Of(string text)
    {
        try
        {
            if (Object(text) is { } root)
            {
                return KindOfDocument(root);
            }

            // A trace is JSON lines: look at the first line only.
            string first = text.TrimStart().Split('\n', 2)[0];
            return Object(first) is { } line && line.TryGetProperty("ev", out _) && line.TryGetProperty("step", out _) ? Trace : null;
        }
        catch (InvalidOperationException)
        {
            return null; // a member name that is not valid text (an unpaired surrogate): not a file dmio-sim wrote
        }
    }

    /// <summary>The one-line message for a file of another kind given where <paramref name="wanted"/> belongs, or null when the kinds agree or the file is of no known kind.</summary>
    public static string? Mismatch(string name, string text, string wanted, string hint)
    {
        string? actual = Of(text);
        return actual is null || actual == wanted ? null : $"{name}: this is {actual}, not {wanted} ({hint})";
    }

    private static string? KindOfDocument(JsonElement root)
    {
        if (root.TryGetProperty("kind", out JsonElement kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == Simulation.Sweeps.SweepSummary.DocumentKind)
        {
            return SweepSummary;
        }

        if (root.TryGetProperty("bios", out _) && root.TryGetProperty("faults", out _) && root.TryGetProperty("passed", out _))
        {
            return Result;
        }

        if (root.TryGetProperty("ev", out _) && root.TryGetProperty("step", out _))
        {
            return Trace; // a trace of one line
        }

        return root.TryGetProperty("format", out _) && root.TryGetProperty("devices", out _) ? Scenario : null;
    }

    private static JsonElement? Object(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
