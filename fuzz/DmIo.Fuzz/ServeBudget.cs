using System.Text.Json;

namespace DmIo.Fuzz;

/// <summary>
/// Measures a serve request line against the harness's <see cref="Budget"/> before it is sent, by looking at the
/// fields that make the session allocate: a device's <c>backend</c> and <c>sectors</c>, a request's <c>regions</c>
/// (<c>count</c>, <c>repeat</c>), a check's <c>count</c>, a pool's <c>get</c> and <c>start</c>'s <c>io_capacity</c>,
/// wherever they appear (a <c>step</c> object or a shorthand). A line that is not JSON, or holds a string that is not
/// text, costs nothing: the session refuses it.
/// </summary>
internal static class ServeBudget
{
    private const long Huge = Budget.Unallocatable; // a count past this is cut to it: too large to allocate either way

    public static void Measure(string line, Budget.Meter meter)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return;
        }

        using (doc)
        {
            try
            {
                Walk(doc.RootElement, meter);
            }
            catch (InvalidOperationException)
            {
                // A name or string with an unpaired surrogate escape cannot be read; the session refuses the whole line.
            }
        }
    }

    private static void Walk(JsonElement element, Budget.Meter meter)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                Walk(item, meter);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        List<JsonProperty> members = [.. element.EnumerateObject()];
        string? backend = Strings(members, "backend").FirstOrDefault();
        foreach (long sectors in Numbers(members, "sectors").Where(_ => backend is not null))
        {
            meter.Device(backend == "memory", sectors);
        }

        List<string> ops = [.. Strings(members, "op")];
        foreach (JsonProperty regions in members.Where(m => m.Name == "regions" && m.Value.ValueKind == JsonValueKind.Array))
        {
            if (ops.Count == 0 || ops.Any(op => op is "read" or "write"))
            {
                meter.DataRequest(regions.Value.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object)
                    .Select(r => (Numbers([.. r.EnumerateObject()], "count").DefaultIfEmpty(0).Max(), Numbers([.. r.EnumerateObject()], "repeat").DefaultIfEmpty(1).Max())));
            }
        }

        if (Strings(members, "cmd").Concat(Strings(members, "do")).Contains("check"))
        {
            foreach (long count in Numbers(members, "count"))
            {
                meter.Read(count);
            }
        }

        foreach (long pages in Numbers(members, "get"))
        {
            meter.Ios(4 * pages);
        }

        foreach (long capacity in Numbers(members, "io_capacity"))
        {
            meter.Ios(capacity);
        }

        foreach (JsonProperty member in members)
        {
            Walk(member.Value, meter);
        }
    }

    // Duplicate keys are allowed in a serve line, so every value counts.
    private static IEnumerable<long> Numbers(List<JsonProperty> members, string name) =>
        members.Where(m => m.Name == name && m.Value.ValueKind == JsonValueKind.Number)
            .Select(m => m.Value.TryGetInt64(out long v) ? Math.Min(v, Huge) : Huge);

    private static IEnumerable<string> Strings(List<JsonProperty> members, string name) =>
        members.Where(m => m.Name == name && m.Value.ValueKind == JsonValueKind.String).Select(m => m.Value.GetString() ?? string.Empty);
}
