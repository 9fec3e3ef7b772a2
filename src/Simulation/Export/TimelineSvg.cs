using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;

namespace DmIo.Simulation.Export;

/// <summary>
/// Draws a result as an SVG timeline: one lane per device (a <c>g</c> element with class <c>lane</c>), each bio a bar
/// from submission to completion coloured by its status, each fault a red triangle on the lane of the bio it hit, and
/// virtual time along the bottom. Overlapping bios stack in up to four rows so concurrency shows.
/// </summary>
public static class TimelineSvg
{
    private const int LabelWidth = 140;   // room for device names
    private const int PlotWidth = 900;    // the time axis
    private const int RowHeight = 9;      // one bar row
    private const int Rows = 4;           // rows per lane
    private const int LaneGap = 12;       // space between lanes
    private const int Top = 30;           // room for the title

    /// <summary>Renders a result document (as <c>run --out</c> writes it).</summary>
    /// <param name="resultJson">The result JSON.</param>
    /// <returns>The SVG document.</returns>
    /// <exception cref="FormatException">The text is not a result document.</exception>
    public static string Render(string resultJson)
    {
        ArgumentNullException.ThrowIfNull(resultJson);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(resultJson);
        }
        catch (JsonException e)
        {
            throw new FormatException("Not a result document: " + e.Message, e);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("devices", out JsonElement devices) ||
                !root.TryGetProperty("bios", out JsonElement bios) || !root.TryGetProperty("faults", out JsonElement faults))
            {
                throw new FormatException("Not a result document: it needs 'devices', 'bios' and 'faults' (write one with 'dmio-sim run --out').");
            }

            return Draw(root.TryGetProperty("scenario", out JsonElement name) ? name.GetString() ?? "run" : "run", devices, bios, faults);
        }
    }

    private static string Draw(string title, JsonElement devices, JsonElement bios, JsonElement faults)
    {
        var lanes = devices.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();
        var laneOf = lanes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var bars = bios.EnumerateArray().Select(b => (
            Dev: b.GetProperty("dev").GetString()!, Bio: b.GetProperty("bio").GetInt64(), Op: b.GetProperty("op").GetString()!,
            Sector: b.GetProperty("sector").GetInt64(), Count: b.GetProperty("count").GetInt64(),
            Start: b.GetProperty("submit_ns").GetInt64(), End: b.GetProperty("complete_ns").GetInt64(), Status: b.GetProperty("status").GetString()!)).ToList();
        var marks = faults.EnumerateArray().Select(f => (T: f.GetProperty("t").GetInt64(), Dev: f.GetProperty("dev").GetString()!,
            Bio: f.GetProperty("bio").GetInt64(), Text: $"{f.GetProperty("rule").GetString()} {f.GetProperty("action").GetString()} -> {f.GetProperty("status").GetString()}")).ToList();
        long end = Math.Max(1, bars.Select(b => Math.Max(b.Start, b.End)).Concat(marks.Select(m => m.T)).DefaultIfEmpty(0).Max());
        int laneHeight = (Rows * RowHeight) + LaneGap;
        int height = Top + (lanes.Count * laneHeight) + 40;
        int width = LabelWidth + PlotWidth + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"monospace\" font-size=\"11\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"16\" font-size=\"13\">{X(title)}: bios per device over virtual time (green ok, red error, orange not supported)</text>\n");
        for (int lane = 0; lane < lanes.Count; lane++)
        {
            int y = Top + (lane * laneHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"lane\" data-device=\"{X(lanes[lane])}\">\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{PlotWidth}\" height=\"{Rows * RowHeight}\" fill=\"{(lane % 2 == 0 ? "#f5f5f5" : "#ebebeb")}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 20}\">{X(lanes[lane])}</text>\n");
            long[] rowFree = new long[Rows];
            foreach (var bar in bars.Where(b => b.Dev == lanes[lane]))
            {
                long stop = bar.End < 0 ? end : bar.End;
                int row = Array.FindIndex(rowFree, free => free <= bar.Start);
                row = row < 0 ? Rows - 1 : row;
                rowFree[row] = Math.Max(stop, bar.Start + 1);
                double x = LabelWidth + (PlotWidth * (double)bar.Start / end);
                double w = Math.Max(2, PlotWidth * (double)(stop - bar.Start) / end);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bio\" x=\"{x:0.##}\" y=\"{y + (row * RowHeight) + 1}\" width=\"{w:0.##}\" height=\"{RowHeight - 2}\" fill=\"{Colour(bar.Status)}\"><title>bio {bar.Bio} {X(bar.Op)} [{bar.Sector}+{bar.Count}] {bar.Start}..{bar.End} ns {X(bar.Status)}</title></rect>\n");
            }

            foreach (var mark in marks.Where(m => LaneOf(m.Dev, m.Bio, bars, laneOf) == lane))
            {
                double x = LabelWidth + (PlotWidth * (double)mark.T / end);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path class=\"fault\" d=\"M{x:0.##},{y - 1} l-4,-7 l8,0 z\" fill=\"#c62828\"><title>fault at {mark.T} ns: {X(mark.Text)}</title></path>\n");
            }

            svg.Append("</g>\n");
        }

        int axisY = Top + (lanes.Count * laneHeight) + 4;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"axis\"><line x1=\"{LabelWidth}\" y1=\"{axisY}\" x2=\"{LabelWidth + PlotWidth}\" y2=\"{axisY}\" stroke=\"#333\"/>\n");
        for (int tick = 0; tick <= 5; tick++)
        {
            double x = LabelWidth + (PlotWidth * tick / 5.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.##}\" y1=\"{axisY}\" x2=\"{x:0.##}\" y2=\"{axisY + 5}\" stroke=\"#333\"/><text x=\"{x:0.##}\" y=\"{axisY + 18}\" text-anchor=\"middle\">{Time(end * tick / 5)}</text>\n");
        }

        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static int LaneOf(string dev, long bio, IReadOnlyList<(string Dev, long Bio, string Op, long Sector, long Count, long Start, long End, string Status)> bars,
        Dictionary<string, int> laneOf)
    {
        if (bio != 0 && bars.FirstOrDefault(b => b.Bio == bio).Dev is { } hit && laneOf.TryGetValue(hit, out int lane))
        {
            return lane;
        }

        return laneOf.TryGetValue(dev, out int own) ? own : laneOf.TryGetValue(dev.Split(':')[0], out int prefix) ? prefix : -1;
    }

    private static string Colour(string status) => status switch
    {
        "ok" => "#43a047",
        "notsupp" => "#fb8c00",
        "pending" => "#9e9e9e",
        _ => "#e53935",
    };

    private static string Time(long ns) => ns switch
    {
        >= 1_000_000_000 => (ns / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + " s",
        >= 1_000_000 => (ns / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " ms",
        >= 1_000 => (ns / 1e3).ToString("0.###", CultureInfo.InvariantCulture) + " us",
        _ => ns.ToString(CultureInfo.InvariantCulture) + " ns",
    };

    private static string X(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
