using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DmIo.Simulation.Export;

/// <summary>
/// Writes a result as one self-contained HTML page (inline CSS, script and SVG; nothing fetched): the run's verdict,
/// the scenario (its source when given, else what the result records of it), one table row per request, the other
/// steps, the fault record, the device digests and the <see cref="TimelineSvg"/> timeline. Every text taken from the
/// input is HTML-escaped. The page's script marks the root element with <c>data-script-ok="1"</c> when it ran to the
/// end, records any script error in <c>data-script-errors</c>, and writes where the first failed bio is drawn
/// (<c>data-first-failed-bio="left,top,width,height"</c> in CSS pixels), so a browser test can tell that it works.
/// </summary>
public static class ReportHtml
{
    private const string Style = """
        body{font-family:sans-serif;margin:16px;color:#212121;background:#ffffff}
        table{border-collapse:collapse;margin:8px 0 16px}
        th,td{border:1px solid #ccc;padding:2px 6px;font-family:monospace;font-size:12px;text-align:left;vertical-align:top}
        th{background:#eeeeee}
        .pass{color:#1b5e20;font-weight:bold}.fail{color:#b71c1c;font-weight:bold}
        td.bad{font-weight:bold;color:#b71c1c}
        tr.hl td{background:#fff59d}
        g.bio.hl rect{stroke:#000000;stroke-width:2}
        pre{background:#f5f5f5;padding:8px;max-height:24em;overflow:auto;font-size:12px}
        .timeline-box{overflow-x:auto}
        """;

    // Runs after the page is built: hovering a request row outlines its bios in the timeline.
    private const string Script = """
        (function () {
          var rows = document.querySelectorAll('tr[data-step]');
          for (var i = 0; i < rows.length; i++) {
            (function (row) {
              var bios = document.querySelectorAll('g.bio[data-step="' + row.getAttribute('data-step') + '"]');
              function mark(on) { row.classList.toggle('hl', on); for (var j = 0; j < bios.length; j++) bios[j].classList.toggle('hl', on); }
              row.addEventListener('mouseenter', function () { mark(true); });
              row.addEventListener('mouseleave', function () { mark(false); });
            })(rows[i]);
          }
          // Where the first failed bio is drawn, for tests that look for its colour in a screenshot.
          var failed = document.querySelector('svg g.bio.failed rect');
          if (failed) {
            var r = failed.getBoundingClientRect();
            document.documentElement.setAttribute('data-first-failed-bio', [r.left, r.top, r.width, r.height].map(Math.round).join(','));
          }
          document.documentElement.setAttribute('data-script-ok', '1');
        })();
        """;

    // Installed first, so an error in any later script is recorded on the root element.
    private const string ErrorRecorder = """
        window.addEventListener('error', function (e) {
          var root = document.documentElement, seen = root.getAttribute('data-script-errors');
          root.setAttribute('data-script-errors', (seen ? seen + ' | ' : '') + String(e.message));
        });
        """;

    /// <summary>Renders a result document (as <c>run --out</c> writes it) as an HTML page.</summary>
    /// <param name="resultJson">The result JSON.</param>
    /// <param name="scenarioSource">The scenario file the result came from, shown verbatim; null when not given.</param>
    /// <returns>The HTML page.</returns>
    /// <exception cref="FormatException">The text is not a result document.</exception>
    public static string Render(string resultJson, string? scenarioSource)
    {
        ResultView run = ResultView.Parse(resultJson);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>dmio-sim report: {H(run.Scenario)}</title>\n");
        html.Append("<script>\n").Append(ErrorRecorder).Append("</script>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        Summary(html, run);
        html.Append("<h2>Timeline</h2>\n<div class=\"timeline-box\">\n").Append(TimelineSvg.Draw(run)).Append("</div>\n");
        Scenario(html, run, scenarioSource);
        Requests(html, run);
        OtherSteps(html, run);
        Faults(html, run);
        Devices(html, run);
        html.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, ResultView run)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h1 id=\"scenario-name\">{H(run.Scenario)}</h1>\n<p>");
        html.Append(run.Passed ? "<span class=\"pass\">PASS</span>: no error and every expectation held." : "<span class=\"fail\">FAIL</span>: see below.");
        html.Append(CultureInfo.InvariantCulture, $" Seed {run.Seed}; virtual time at the end {run.EndNs} ns; {run.Steps.Count} step(s), {run.Bios.Count} bio(s), {run.Faults.Count} fault decision(s).</p>\n");
        if (run.Error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"fail\">The run stopped early: {H(run.Error)}</p>\n");
        }

        if (run.Failures.Count > 0)
        {
            html.Append("<h2>Unmet expectations</h2>\n<ul id=\"failures\">\n");
            foreach (string failure in run.Failures)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{H(failure)}</li>\n");
            }

            html.Append("</ul>\n");
        }
    }

    private static void Scenario(StringBuilder html, ResultView run, string? source)
    {
        html.Append("<h2>Scenario</h2>\n");
        if (source is null)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p>The result records the scenario's name ({H(run.Scenario)}), seed and every executed step (tables below), not its source; <code>dmio-sim report --scenario FILE</code> embeds the file.</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<pre id=\"scenario-source\">{H(source)}</pre>\n");
    }

    private static void Requests(StringBuilder html, ResultView run)
    {
        html.Append("<h2>Requests</h2>\n<table id=\"requests\">\n<tr><th>step</th><th>id</th><th>op</th><th>flags</th><th>mode</th><th>memory</th><th>rc</th><th>error bits</th><th>regions (device[sector+count] = outcome: bio statuses)</th><th>unmet expectations</th></tr>\n");
        foreach (JsonElement step in run.Steps.Where(s => Field(s, "do") == "io"))
        {
            string regions = step.TryGetProperty("regions", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                ? string.Join("<br>", list.EnumerateArray().Select(r =>
                    H($"{Field(r, "device")}[{Field(r, "sector")}+{Field(r, "count")}] = {Field(r, "outcome")}{(Field(r, "statuses").Length > 0 ? ": " + Field(r, "statuses") : "")}")))
                : string.Empty;
            string failures = Failures(step);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-step=\"{H(Field(step, "index"))}\"><td>{H(Field(step, "index"))}</td><td>{H(Field(step, "id"))}</td><td>{H(Field(step, "op"))}</td><td>{H(Field(step, "flags"))}</td><td>{H(Field(step, "mode"))}</td><td>{H(Field(step, "memory"))}</td><td>{H(Field(step, "rc"))}</td><td>{H(Field(step, "error_bits"))}</td><td>{regions}</td><td{(failures.Length > 0 ? " class=\"bad\"" : "")}>{failures}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void OtherSteps(StringBuilder html, ResultView run)
    {
        var others = run.Steps.Where(s => Field(s, "do") != "io").ToList();
        if (others.Count == 0)
        {
            return;
        }

        html.Append("<h2>Other steps</h2>\n<table id=\"other-steps\">\n<tr><th>step</th><th>do</th><th>details</th><th>unmet expectations</th></tr>\n");
        foreach (JsonElement step in others)
        {
            string details = string.Join(", ", step.EnumerateObject().Where(p => p.Name is not ("index" or "do" or "failures")).Select(p => $"{p.Name}={Compact(p.Value)}"));
            string failures = Failures(step);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{H(Field(step, "index"))}</td><td>{H(Field(step, "do"))}</td><td>{H(details)}</td><td{(failures.Length > 0 ? " class=\"bad\"" : "")}>{failures}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Faults(StringBuilder html, ResultView run)
    {
        html.Append("<h2>Fault record</h2>\n");
        if (run.Faults.Count == 0)
        {
            html.Append("<p id=\"faults\">No fault decision was made.</p>\n");
            return;
        }

        html.Append("<table id=\"faults\">\n<tr><th>seq</th><th>t (ns)</th><th>device</th><th>bio</th><th>op</th><th>sector+count</th><th>rule</th><th>action</th><th>status</th></tr>\n");
        foreach (ViewFault f in run.Faults)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{f.Seq}</td><td>{f.T}</td><td>{H(f.Dev)}</td><td>{f.Bio}</td><td>{H(f.Op)}</td><td>{f.Sector}+{f.Count}</td><td>{H(f.Rule)}</td><td>{H(f.Action)}</td><td>{H(f.Status)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Devices(StringBuilder html, ResultView run)
    {
        html.Append("<h2>Devices</h2>\n<table id=\"devices\">\n<tr><th>name</th><th>kind</th><th>sectors</th><th>digest (FNV-1a 64 of the stable media)</th></tr>\n");
        foreach (ViewDevice d in run.Devices)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{H(d.Name)}</td><td>{H(d.Kind)}</td><td>{d.Sectors}</td><td>{H(d.Digest ?? "none (a table: its content is its backends')")}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Failures(JsonElement step) =>
        step.TryGetProperty("failures", out JsonElement list) && list.ValueKind == JsonValueKind.Array
            ? string.Join("<br>", list.EnumerateArray().Select(f => H(f.ToString())))
            : string.Empty;

    private static string Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? Compact(value) : string.Empty;

    private static string Compact(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "null",
        _ => value.GetRawText().Replace("\n", " ", StringComparison.Ordinal),
    };

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
