using System.Globalization;
using System.Text;

namespace DmIo.Simulation.Export;

/// <summary>
/// Draws a result as an SVG timeline a storage engineer can read: a sector-vs-time panel per device that received
/// bios (as seekwatcher and iowatcher draw; devices without bios are not drawn and are named in a note), then one lane
/// per request with its bios over the same x axis. Failed and not-supported bios have their own colour, shape and
/// label; PREFLUSH and FUA are marked; fault decisions are triangles; every mark has a tooltip; a legend explains the
/// marks the drawing uses (and only those, so a colour in the legend means it appears).
/// The x axis is virtual time in a readable unit, or submission order when every bio ran at time 0 (it says which).
/// The same result always gives the same bytes.
/// </summary>
public static class TimelineSvg
{
    private const int Left = 190;          // room for device and request labels
    private const int Plot = 880;          // the x axis
    private const int Width = Left + Plot + 80;
    private const int PanelHeight = 70;    // one device's sector range
    private const int PanelGap = 22;
    private const int RowHeight = 11;      // one bar row of a request lane
    private const int MaxRows = 6;         // rows per request lane before bars share the last one

    /// <summary>Renders a result document (as <c>run --out</c> writes it).</summary>
    /// <param name="resultJson">The result JSON.</param>
    /// <returns>The SVG document.</returns>
    /// <exception cref="FormatException">The text is not a result document.</exception>
    public static string Render(string resultJson) => Draw(ResultView.Parse(resultJson));

    /// <summary>Renders a parsed result.</summary>
    internal static string Draw(ResultView run)
    {
        var axis = new TimelineAxis(run.Bios, run.Faults);
        var bioById = new Dictionary<long, ViewBio>();
        foreach (ViewBio bio in run.Bios)
        {
            bioById.TryAdd(bio.Bio, bio);
        }

        var faultDevice = run.Faults.Select(f => (Fault: f, Bio: f.Bio != 0 ? bioById.GetValueOrDefault(f.Bio) : null))
            .Select(p => (p.Fault, p.Bio, Dev: p.Bio?.Dev ?? DeviceOf(p.Fault.Dev, run.Devices))).ToList();
        var drawn = run.Devices.Where(d => run.Bios.Any(b => b.Dev == d.Name) || faultDevice.Any(f => f.Dev == d.Name)).ToList();
        var hidden = run.Devices.Where(d => !drawn.Contains(d)).Select(d => d.Name).ToList();
        var requests = Requests(run);

        var body = new StringBuilder();
        int y = 70;
        body.Append(CultureInfo.InvariantCulture, $"<text class=\"section\" x=\"4\" y=\"{y}\" font-weight=\"bold\">Sector vs. {(axis.BySequence ? "submission order" : "time")}, one panel per device (sector grows upward)</text>\n");
        y += 8;
        if (hidden.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<text class=\"hidden-devices\" x=\"4\" y=\"{y + 10}\" fill=\"#555\">Not drawn (no bios): {X(string.Join(", ", hidden))}</text>\n");
            y += 14;
        }

        if (drawn.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{y + 16}\">No device received a bio.</text>\n");
            y += 24;
        }

        foreach (ViewDevice device in drawn)
        {
            y += PanelGap;
            DevicePanel(body, axis, device, run.Bios.Where(b => b.Dev == device.Name).ToList(),
                faultDevice.Where(f => f.Dev == device.Name).Select(f => (f.Fault, f.Bio)).ToList(), y);
            y += PanelHeight;
        }

        y += 34;
        body.Append(CultureInfo.InvariantCulture, $"<text class=\"section\" x=\"4\" y=\"{y}\" font-weight=\"bold\">Requests, one lane per request (step, id, operation) with its bios</text>\n");
        y += 8;
        foreach ((string label, string title, List<ViewBio> bios) in requests)
        {
            y = RequestLane(body, axis, label, title, bios, y + 4);
        }

        y += 10;
        Axis(body, axis, y);
        int height = y + 46;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"monospace\" font-size=\"11\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"4\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{X(run.Scenario)} (seed {run.Seed}): {run.Bios.Count} bio(s), {run.Faults.Count} fault decision(s)</text>\n");
        Legend(svg, 28, LegendKinds(run, faultDevice.Count));
        svg.Append(body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void DevicePanel(StringBuilder svg, TimelineAxis axis, ViewDevice device, List<ViewBio> bios, List<(ViewFault Fault, ViewBio? Bio)> faults, int top)
    {
        long lo = bios.Select(b => b.Sector).Concat(faults.Select(f => f.Fault.Sector)).DefaultIfEmpty(0).Min();
        long hi = bios.Select(b => b.Sector + b.Count).Concat(faults.Select(f => f.Fault.Sector + f.Fault.Count)).DefaultIfEmpty(1).Max();
        hi = Math.Max(hi, lo + 1);
        int bottom = top + PanelHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"lane device\" data-device=\"{X(device.Name)}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"panel\" x=\"{Left}\" y=\"{top}\" width=\"{Plot}\" height=\"{PanelHeight}\" fill=\"#fafafa\" stroke=\"#bdbdbd\"/>\n");
        Grid(svg, axis, top, bottom);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{top + 14}\" font-weight=\"bold\">{X(Clip(device.Name, 24))}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{top + 28}\" fill=\"#555\">{X(device.Kind)}, {device.Sectors} sectors</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"sector-tick\" x=\"{Left - 4}\" y=\"{top + 9}\" text-anchor=\"end\" fill=\"#555\">sector {hi}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"sector-tick\" x=\"{Left - 4}\" y=\"{bottom}\" text-anchor=\"end\" fill=\"#555\">sector {lo}</text>\n");
        double perSector = (PanelHeight - 4) / (double)(hi - lo);
        foreach (ViewBio bio in bios)
        {
            double h = Math.Max(3, bio.Count * perSector);
            double barTop = Math.Max(top + 1, bottom - 2 - ((bio.Sector - lo) * perSector) - h);
            Bio(svg, axis, bio, barTop, h);
        }

        foreach ((ViewFault fault, ViewBio? bio) in faults)
        {
            double x = Left + (Plot * axis.At(fault, bio));
            string hit = bio is null ? "no bio" : $"bio {bio.Bio} {bio.Op} [{bio.Sector}+{bio.Count}]";
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"fault\" d=\"M{F(x)},{top - 1} l-5,-9 l10,0 z\" fill=\"{TimelineStyle.Fault}\"><title>fault decision {fault.Seq} at {fault.T} ns on {X(fault.Dev)}: rule {X(fault.Rule)} {X(fault.Action)} -&gt; {X(fault.Status)} ({X(hit)})</title></path>\n");
        }

        svg.Append("</g>\n");
    }

    private static int RequestLane(StringBuilder svg, TimelineAxis axis, string label, string title, List<ViewBio> bios, int top)
    {
        var rowFree = new List<double>();
        var placed = new List<(ViewBio Bio, int Row)>();
        foreach (ViewBio bio in bios)
        {
            double x0 = Left + (Plot * axis.Start(bio));
            double x1 = Math.Max(x0 + 4, Left + (Plot * axis.End(bio)));
            int row = rowFree.FindIndex(free => free <= x0);
            if (row < 0)
            {
                row = rowFree.Count < MaxRows ? rowFree.Count : MaxRows - 1;
                if (row == rowFree.Count)
                {
                    rowFree.Add(0);
                }
            }

            rowFree[row] = Math.Max(rowFree[row], x1 + (TimelineStyle.Outcome(bio) is "failed" or "notsupp" ? 60 : 1));
            placed.Add((bio, row));
        }

        int height = (Math.Max(1, rowFree.Count) * RowHeight) + 4;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"lane request\" data-request=\"{X(label)}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{Plot}\" height=\"{height}\" fill=\"#f3f3f3\"><title>{X(title)}</title></rect>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{top + 10}\">{X(Clip(label, 28))}<title>{X(title)}</title></text>\n");
        foreach ((ViewBio bio, int row) in placed)
        {
            Bio(svg, axis, bio, top + 2 + (row * RowHeight) + 1, RowHeight - 3);
        }

        svg.Append("</g>\n");
        return top + height;
    }

    private static void Bio(StringBuilder svg, TimelineAxis axis, ViewBio bio, double top, double height)
    {
        string outcome = TimelineStyle.Outcome(bio);
        bool marked = outcome is "failed" or "notsupp";
        double x0 = Left + (Plot * axis.Start(bio));
        double width = Math.Max(marked ? 5 : 2, Plot * (axis.End(bio) - axis.Start(bio)));
        string completed = bio.Pending ? "still pending at the end" : $"completed {bio.CompleteNs} ns";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"bio {outcome}\" data-bio=\"{bio.Bio}\" data-step=\"{bio.Step}\" data-device=\"{X(bio.Dev)}\" data-status=\"{X(bio.Status)}\">");
        svg.Append(CultureInfo.InvariantCulture,
            $"<title>bio {bio.Bio} on {X(bio.Dev)}: {X(bio.Op)}{(bio.Flags.Length > 0 ? " " + X(bio.Flags) : "")} [{bio.Sector}+{bio.Count}], request step {bio.Step}, submitted {bio.SubmitNs} ns, {completed}: {X(bio.Status)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x0)}\" y=\"{F(top)}\" width=\"{F(width)}\" height=\"{F(height)}\" fill=\"{TimelineStyle.Colour(outcome)}\"/>");
        double cx = x0 + width + 7;
        double cy = top + (height / 2);
        if (outcome == "failed")
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"marker cross\" d=\"M{F(cx - 4)},{F(cy - 4)} L{F(cx + 4)},{F(cy + 4)} M{F(cx - 4)},{F(cy + 4)} L{F(cx + 4)},{F(cy - 4)}\" stroke=\"{TimelineStyle.Failed}\" stroke-width=\"2.5\"/>");
        }
        else if (outcome == "notsupp")
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"marker diamond\" d=\"M{F(cx)},{F(cy - 5)} l5,5 l-5,5 l-5,-5 z\" fill=\"{TimelineStyle.NotSupported}\" stroke=\"#4e342e\"/>");
        }

        if (marked)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{F(cx + 8)}\" y=\"{F(cy + 4)}\" fill=\"#000000\">{X(bio.Status)}</text>");
        }

        if (bio.Preflush)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"flag preflush\" d=\"M{F(x0)},{F(top - 3)} V{F(top + height + 3)}\" stroke=\"{TimelineStyle.Flush}\" stroke-width=\"2\"/>");
        }

        if (bio.Fua)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"flag fua\" d=\"M{F(x0 + width)},{F(top - 3)} V{F(top + height + 3)}\" stroke=\"{TimelineStyle.Flush}\" stroke-width=\"2\" stroke-dasharray=\"2,1\"/>");
        }

        svg.Append("</g>\n");
    }

    // The marks this drawing uses, so the legend explains what is there and a colour in it means it is drawn.
    private static HashSet<string> LegendKinds(ResultView run, int faults)
    {
        var kinds = run.Bios.Select(TimelineStyle.Outcome).ToHashSet(StringComparer.Ordinal);
        if (faults > 0)
        {
            kinds.Add("fault");
        }

        if (run.Bios.Any(b => b.Preflush))
        {
            kinds.Add("preflush");
        }

        if (run.Bios.Any(b => b.Fua))
        {
            kinds.Add("fua");
        }

        return kinds;
    }

    private static void Legend(StringBuilder svg, int y, HashSet<string> used)
    {
        (string Kind, string Shape, string Text)[] entries =
        [
            ("ok", $"<rect x=\"0\" y=\"2\" width=\"16\" height=\"8\" fill=\"{TimelineStyle.Ok}\"/>", "ok bio"),
            ("failed", $"<rect x=\"0\" y=\"2\" width=\"8\" height=\"8\" fill=\"{TimelineStyle.Failed}\"/><path d=\"M11,2 L17,10 M11,10 L17,2\" stroke=\"{TimelineStyle.Failed}\" stroke-width=\"2.5\"/>", "failed bio + status"),
            ("notsupp", $"<rect x=\"0\" y=\"2\" width=\"8\" height=\"8\" fill=\"{TimelineStyle.NotSupported}\"/><path d=\"M14,1 l5,5 l-5,5 l-5,-5 z\" fill=\"{TimelineStyle.NotSupported}\" stroke=\"#4e342e\"/>", "not supported"),
            ("pending", $"<rect x=\"0\" y=\"2\" width=\"16\" height=\"8\" fill=\"{TimelineStyle.Pending}\"/>", "pending at end"),
            ("fault", $"<path d=\"M8,10 l-5,-9 l10,0 z\" fill=\"{TimelineStyle.Fault}\"/>", "fault decision"),
            ("preflush", $"<rect x=\"4\" y=\"2\" width=\"12\" height=\"8\" fill=\"#c8e6c9\"/><path d=\"M4,0 V12\" stroke=\"{TimelineStyle.Flush}\" stroke-width=\"2\"/>", "PREFLUSH (start)"),
            ("fua", $"<rect x=\"0\" y=\"2\" width=\"12\" height=\"8\" fill=\"#c8e6c9\"/><path d=\"M12,0 V12\" stroke=\"{TimelineStyle.Flush}\" stroke-width=\"2\" stroke-dasharray=\"2,1\"/>", "FUA (end)"),
        ];
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" transform=\"translate(4,{y})\">\n");
        int x = 0;
        foreach ((string kind, string shape, string text) in entries.Where(e => used.Contains(e.Kind)))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend-entry\" data-kind=\"{kind}\" transform=\"translate({x},0)\">{shape}<text x=\"24\" y=\"10\">{text}</text></g>\n");
            x += 24 + (text.Length * 7) + 14;
        }

        svg.Append("</g>\n");
    }

    private static void Grid(StringBuilder svg, TimelineAxis axis, int top, int bottom)
    {
        foreach ((double at, _) in axis.Ticks)
        {
            double x = Left + (Plot * at);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{bottom}\" stroke=\"#e0e0e0\"/>\n");
        }
    }

    private static void Axis(StringBuilder svg, TimelineAxis axis, int y)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"axis\" data-mode=\"{(axis.BySequence ? "sequence" : "time")}\"><line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + Plot}\" y2=\"{y}\" stroke=\"#333\"/>\n");
        foreach ((double at, string text) in axis.Ticks)
        {
            double x = Left + (Plot * at);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{y}\" x2=\"{F(x)}\" y2=\"{y + 5}\" stroke=\"#333\"/><text class=\"tick\" x=\"{F(x)}\" y=\"{y + 17}\" text-anchor=\"middle\">{text}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{Left}\" y=\"{y + 34}\">{X(axis.Label)}</text>\n</g>\n");
    }

    private static List<(string Label, string Title, List<ViewBio> Bios)> Requests(ResultView run)
    {
        var lanes = new List<(string, string, List<ViewBio>)>();
        var steps = new HashSet<long>();
        foreach (var step in run.Steps)
        {
            long index = step.TryGetProperty("index", out var i) && i.TryGetInt64(out long n) ? n : -1;
            var bios = run.Bios.Where(b => b.Step == index).ToList();
            if (bios.Count == 0 || !steps.Add(index))
            {
                continue;
            }

            string id = step.TryGetProperty("id", out var v) ? v.ToString() : step.TryGetProperty("do", out var d) ? d.ToString() : "?";
            string op = step.TryGetProperty("op", out var o) ? o.ToString() : string.Empty;
            string flags = step.TryGetProperty("flags", out var f) ? f.ToString() : string.Empty;
            lanes.Add(($"#{index} {id} {op}", $"step {index}: request {id}, {op}{(flags.Length > 0 ? " " + flags : "")}, {bios.Count} bio(s)", bios));
        }

        var other = run.Bios.Where(b => !steps.Contains(b.Step)).ToList();
        if (other.Count > 0)
        {
            lanes.Add(("bios of no listed step", "bios whose step is not in the result's step list", other));
        }

        return lanes;
    }

    private static string DeviceOf(string dev, IReadOnlyList<ViewDevice> devices) =>
        devices.Any(d => d.Name == dev) ? dev : dev.Split(':')[0];

    private static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string X(string text) => System.Security.SecurityElement.Escape(text) ?? string.Empty;
}
