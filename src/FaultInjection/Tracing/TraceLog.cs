using System.Text.Json;

namespace DmIo.FaultInjection;

/// <summary>
/// A loaded trace: its events in order, each with its exact line. Loading checks every line — a JSON object whose
/// <c>step</c> equals its index, with a known <c>ev</c> and that kind's fields — and that the text ends with a
/// newline, so a file cut off mid-write is rejected rather than half-replayed.
/// </summary>
public sealed class TraceLog
{
    private static readonly string[] BioFields = ["dev", "bio", "op", "sector", "count"];
    private static readonly HashSet<string> NumericFields = ["bio", "sector", "count"]; // the rest are strings; bound/value are checked apart

    private TraceLog(List<TraceEvent> events)
    {
        Events = events;
        Choices = [.. events.Where(e => e.Choice is not null).Select(e => e.Choice!)];
    }

    /// <summary>The events, in order.</summary>
    public IReadOnlyList<TraceEvent> Events { get; }

    /// <summary>The recorded choices, in order, each knowing its step; feed them to a <see cref="ReplayChoiceSource"/>.</summary>
    public IReadOnlyList<RecordedChoice> Choices { get; }

    /// <summary>Parses trace text (JSON lines, each ended by a newline).</summary>
    /// <param name="text">The trace.</param>
    /// <returns>The loaded trace.</returns>
    /// <exception cref="TraceFormatException">A line is malformed or out of sequence, or the last line is cut off.</exception>
    public static TraceLog Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var events = new List<TraceEvent>();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                throw new TraceFormatException(events.Count + 1, "truncated: the last line has no newline");
            }

            events.Add(ParseLine(text[start..end], events.Count));
            start = end + 1;
        }

        return new TraceLog(events);
    }

    /// <summary>Reads and parses a whole trace.</summary>
    /// <param name="reader">The trace text.</param>
    /// <returns>The loaded trace.</returns>
    /// <exception cref="TraceFormatException">As <see cref="Parse"/>.</exception>
    public static TraceLog Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader.ReadToEnd());
    }

    private static TraceEvent ParseLine(string line, int step)
    {
        int lineNumber = step + 1;
        if (line.Length == 0)
        {
            throw new TraceFormatException(lineNumber, "empty line");
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TraceFormatException(lineNumber, "not a JSON object");
            }

            long declaredStep = Number(root, "step", lineNumber);
            if (declaredStep != step)
            {
                throw new TraceFormatException(lineNumber, $"step is {declaredStep}, expected {step} (a line is missing or out of order)");
            }

            long time = Number(root, "t", lineNumber);
            if (time < 0)
            {
                throw new TraceFormatException(lineNumber, $"negative time {time}");
            }

            string ev = Text(root, "ev", lineNumber);
            TraceEventKind kind = ev switch
            {
                "submit" => Require(root, lineNumber, TraceEventKind.Submit, [.. BioFields, "flags"]),
                "complete" => Require(root, lineNumber, TraceEventKind.Complete, [.. BioFields, "flags", "status"]),
                "fault" => Require(root, lineNumber, TraceEventKind.Fault, [.. BioFields, "rule", "action", "status"]),
                "choice" => Require(root, lineNumber, TraceEventKind.Choice, ["purpose"]),
                "mark" => Require(root, lineNumber, TraceEventKind.Mark, ["text"]),
                _ => throw new TraceFormatException(lineNumber, $"unknown event kind '{ev}' (submit, complete, fault, choice, mark)"),
            };

            RecordedChoice? choice = null;
            if (kind == TraceEventKind.Choice)
            {
                ulong bound = Unsigned(root, "bound", lineNumber);
                ulong value = Unsigned(root, "value", lineNumber);
                if (bound == 0 || value >= bound)
                {
                    throw new TraceFormatException(lineNumber, $"choice value {value} is not below its bound {bound}");
                }

                choice = new RecordedChoice(Text(root, "purpose", lineNumber), bound, value, step);
            }

            return new TraceEvent(step, time, kind, line, choice);
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(lineNumber, $"not valid JSON: {JsonErrorText.Plain(e)}", e);
        }
    }

    private static TraceEventKind Require(JsonElement root, int lineNumber, TraceEventKind kind, string[] fields)
    {
        foreach (string field in fields)
        {
            if (!root.TryGetProperty(field, out _))
            {
                throw new TraceFormatException(lineNumber, $"a {kind.ToString().ToLowerInvariant()} event needs field '{field}'");
            }

            if (NumericFields.Contains(field))
            {
                Number(root, field, lineNumber); // throws when not an integer
            }
            else
            {
                Text(root, field, lineNumber); // throws when not a string
            }
        }

        return kind;
    }

    private static long Number(JsonElement root, string field, int lineNumber) =>
        root.TryGetProperty(field, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v)
            ? v
            : throw new TraceFormatException(lineNumber, $"field '{field}' must be an integer");

    private static ulong Unsigned(JsonElement root, string field, int lineNumber) =>
        root.TryGetProperty(field, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out ulong v)
            ? v
            : throw new TraceFormatException(lineNumber, $"field '{field}' must be a non-negative integer");

    private static string Text(JsonElement root, string field, int lineNumber) =>
        root.TryGetProperty(field, out JsonElement e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new TraceFormatException(lineNumber, $"field '{field}' must be a string");
}
