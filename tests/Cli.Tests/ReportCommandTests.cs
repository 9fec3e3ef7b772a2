using System.Text.Json;
using System.Text.RegularExpressions;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class ReportCommandTests
{
    [Fact]
    public void Report_OfTheDemo_HasTheScenarioARowPerRequestTheFaultsTheDigestsAndTheTimeline()
    {
        using var dir = new TempDir();
        string result = dir.File("r.json");
        string page = dir.File("r.html");
        string scenario = Repo.Path("examples", "demo-mirror.json");
        Assert.Equal(0, Tool.Run("run", scenario, "--out", result).Exit);

        (int exit, string output, string error) = Tool.Run("report", result, "-o", page, "--scenario", scenario);

        Assert.True(exit == 0, output + error);
        Assert.Equal($"report: {page}\n", output);
        string html = File.ReadAllText(page);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(result));
        JsonElement root = json.RootElement;
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"scenario-name\">demo-mirror</h1>", html, StringComparison.Ordinal);
        Assert.Contains("&quot;name&quot;: &quot;demo-mirror&quot;", Section(html, "<pre id=\"scenario-source\">", "</pre>"), StringComparison.Ordinal);
        var ioSteps = root.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("do").GetString() == "io").Select(s => s.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(ioSteps, Regex.Matches(html, "<tr data-step=\"(\\d+)\">").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("leg1[64+16] = failed: ioerr", html, StringComparison.Ordinal);
        string faults = Section(html, "<table id=\"faults\">", "</table>");
        Assert.Equal(root.GetProperty("faults").GetArrayLength() + 1, Regex.Matches(faults, "<tr>").Count);
        Assert.Contains("<td>dead-leg</td>", faults, StringComparison.Ordinal);
        string devices = Section(html, "<table id=\"devices\">", "</table>");
        foreach (JsonElement device in root.GetProperty("devices").EnumerateArray().Where(d => d.GetProperty("digest").ValueKind == JsonValueKind.String))
        {
            Assert.Contains($"<td>{device.GetProperty("name").GetString()}</td><td>memory</td><td>2048</td><td>{device.GetProperty("digest").GetString()}</td>", devices, StringComparison.Ordinal);
        }

        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_LoadsNothingFromOutside()
    {
        string html = Page(HandWrittenResults.Mixed);

        Assert.DoesNotMatch(new Regex(@"\b(src|href|action|srcset)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"@import|url\(", RegexOptions.IgnoreCase), html);
        // The only URL is the SVG namespace, which is a name, not something fetched.
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, @"https?://[^""\s<]*").Select(m => m.Value).Distinct());
    }

    [Fact]
    public void Report_EscapesTextFromTheResult()
    {
        string hostile = "<script>document.documentElement.setAttribute('data-injected','1')</script><b>\"bold\"</b>";
        string html = Page(HandWrittenResults.Mixed.Replace("\"hand-mixed\"", JsonSerializer.Serialize(hostile), StringComparison.Ordinal));

        Assert.DoesNotContain("<script>document", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;document.documentElement", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<script>").Count); // the page's own two
    }

    [Fact]
    public void Report_ToStandardOutput_WritesOnlyThePage()
    {
        (int exit, string output, string error) = Tool.RunWithInput(HandWrittenResults.Mixed, "report", "-", "-o", "-");

        Assert.True(exit == 0, error);
        Assert.StartsWith("<!DOCTYPE html>", output, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_ToAMissingDirectory_IsRefusedBeforeTheInputIsRead()
    {
        using var dir = new TempDir();
        string target = dir.File("no-such-dir/r.html");

        (int exit, string output, string error) = Tool.Run("report", dir.File("does-not-exist.json"), "-o", target);

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(error), $"not one line: [{error}]");
        Assert.StartsWith($"error: --out {target}: the directory", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Report_ToAFullDisk_IsOneLineAndExitTwo()
    {
        using var dir = new TempDir();
        string result = dir.Write("r.json", HandWrittenResults.Mixed);

        (int exit, _, string error) = Tool.Run("report", result, "-o", "/dev/full");

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(error), $"not one line: [{error}]");
        Assert.StartsWith("error: /dev/full: cannot write: No space left on device", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"hello\": 1 }", "Not a result document: it needs 'devices', 'bios' and 'faults'")]
    [InlineData("{ nope", "Not a result document: ")]
    [InlineData("{ \"devices\": [ { \"name\": 5 } ], \"bios\": [], \"faults\": [] }", "Not a result document: devices[0] has no text 'name'.")]
    [InlineData("{ \"devices\": [], \"bios\": [ 7 ], \"faults\": [] }", "Not a result document: bios[0] has no text 'dev'.")]
    public void Report_OfSomethingThatIsNotAResult_IsOneLineAndExitTwo_AndWritesNothing(string text, string message)
    {
        using var dir = new TempDir();
        string input = dir.Write("x.json", text);

        (int exit, _, string error) = Tool.Run("report", input, "-o", dir.File("r.html"));

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(error), $"not one line: [{error}]");
        Assert.StartsWith($"error: {input}: {message}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("r.html")));
    }

    [Fact]
    public void Report_WithAMissingScenarioFile_NamesIt()
    {
        using var dir = new TempDir();
        string result = dir.Write("r.json", HandWrittenResults.Mixed);
        string missing = dir.File("gone.json");

        (int exit, _, string error) = Tool.Run("report", result, "-o", dir.File("r.html"), "--scenario", missing);

        Assert.Equal(2, exit);
        Assert.True(Tool.IsOneLine(error), $"not one line: [{error}]");
        Assert.StartsWith($"error: {missing}: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("r.html")));
    }

    private static string Page(string resultJson)
    {
        (int exit, string output, string error) = Tool.RunWithInput(resultJson, "report", "-", "-o", "-");
        Assert.True(exit == 0, error);
        return output;
    }

    private static string Section(string html, string start, string end)
    {
        int from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no {start} in the page");
        return html[from..html.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
