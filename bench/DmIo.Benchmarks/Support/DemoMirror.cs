using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DmIo.Simulation.Scenarios;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// examples/demo-mirror.json (embedded in this assembly): three memory disks of 2,048 sectors, latency legs over two
/// and a rule that fails every write on the third, one async 3-region mirror write of 16 sectors at sector 64, a wait,
/// and a read of each leg. Variants resize the disks and repeat the write, wait and reads further along the disks.
/// </summary>
public static class DemoMirror
{
    /// <summary>The disks' size in the file, in sectors (it is also every table's length).</summary>
    public const long FileSectors = 2048;

    /// <summary>Where the file's requests start, and how long they are, in sectors.</summary>
    public const long Sector = 64;

    /// <summary>The length of every request, in sectors.</summary>
    public const long Count = 16;

    /// <summary>The scenario text with every disk and table <paramref name="sectors"/> long, and its requests <paramref name="repeats"/> times.</summary>
    /// <param name="sectors">The size of each disk.</param>
    /// <param name="repeats">How many times the write, wait and reads run; repeat r works <c>r * 16</c> sectors further on, with ids suffixed <c>-r</c>.</param>
    /// <returns>The template, ready for <see cref="Simulation.Sweeps.SweepRunner"/>.</returns>
    public static string Template(long sectors, int repeats = 1)
    {
        using Stream stream = typeof(DemoMirror).Assembly.GetManifestResourceStream("demo-mirror.json")
            ?? throw new InvalidOperationException("demo-mirror.json is not embedded.");
        string json = new StreamReader(stream).ReadToEnd().Replace(FileSectors.ToString(CultureInfo.InvariantCulture),
            sectors.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (repeats == 1)
        {
            return json;
        }

        JsonNode root = JsonNode.Parse(json)!;
        JsonArray steps = root["steps"]!.AsArray();
        JsonNode[] block = [.. steps.Skip(1).Select(s => s!.DeepClone())]; // the message that adds the rule runs once
        for (int r = 1; r < repeats; r++)
        {
            foreach (JsonNode step in block)
            {
                steps.Add(Shifted(step.DeepClone(), r));
            }
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The scenario with every disk <paramref name="sectors"/> long, its requests <paramref name="repeats"/> times, loaded.</summary>
    /// <param name="sectors">The size of each disk.</param>
    /// <param name="repeats">How many times the requests run.</param>
    /// <returns>The scenario.</returns>
    public static Scenario Load(long sectors, int repeats = 1) => ScenarioLoader.Parse(Template(sectors, repeats));

    private static JsonNode Shifted(JsonNode step, int r)
    {
        string suffix = "-" + r.ToString(CultureInfo.InvariantCulture);
        if (step["id"] is { } id)
        {
            step["id"] = (string)id! + suffix;
        }

        foreach (JsonNode? region in step["regions"]?.AsArray() ?? [])
        {
            region!["sector"] = (long)region["sector"]! + (r * Count);
        }

        if (step["expect"]?["data"]?["same_as"] is { } source)
        {
            step["expect"]!["data"]!["same_as"] = (string)source! + suffix;
        }

        return step;
    }
}
