using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class TimelineCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Timeline_OfTheDemo_DrawsAPanelForEachDeviceWithBiosAndNamesTheHiddenOnes()
    {
        using var dir = new TempDir();
        string result = dir.File("r.json");
        string svg = dir.File("t.svg");
        Assert.Equal(0, Tool.Run("run", Repo.Path("examples", "demo-mirror.json"), "--out", result).Exit);

        (int exit, string output, string error) = Tool.Run("timeline", result, "--out", svg);

        Assert.True(exit == 0, output + error);
        XDocument doc = XDocument.Load(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(result));
        var bios = json.RootElement.GetProperty("bios").EnumerateArray().ToList();
        var devices = json.RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();
        var withBios = devices.Where(d => bios.Any(b => b.GetProperty("dev").GetString() == d)).ToList();
        Assert.Equal(["leg0", "leg1", "leg2"], withBios); // the mirror's legs; the disks under them get no listed bio
        Assert.Equal(withBios, Groups(doc, "lane device").Select(g => (string?)g.Attribute("data-device")));
        Assert.Equal("Not drawn (no bios): disk0, disk1, disk2", ClassText(doc, "hidden-devices"));
        // Every bio appears once in its device's panel and once in its request's lane.
        Assert.Equal(bios.Count, Groups(doc, "lane device").SelectMany(l => l.Descendants(Svg + "g")).Count(IsBio));
        Assert.Equal(bios.Count, Groups(doc, "lane request").SelectMany(l => l.Descendants(Svg + "g")).Count(IsBio));
        Assert.Equal(json.RootElement.GetProperty("faults").GetArrayLength(), doc.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "fault"));
    }

    [Fact]
    public void Timeline_MarksAFailedBioWithTheFailureColourACrossAStatusLabelAndATooltip()
    {
        XDocument doc = Render(HandWrittenResults.Mixed);

        XElement failed = BioGroup(doc, "lane device", "2");
        Assert.Equal("bio failed", (string?)failed.Attribute("class"));
        Assert.Equal("#d62728", (string?)failed.Element(Svg + "rect")!.Attribute("fill"));
        XElement cross = failed.Elements(Svg + "path").Single(p => (string?)p.Attribute("class") == "marker cross");
        Assert.Equal("#d62728", (string?)cross.Attribute("stroke"));
        Assert.Equal("ioerr", failed.Elements(Svg + "text").Single(t => (string?)t.Attribute("class") == "label").Value);
        string title = failed.Element(Svg + "title")!.Value;
        Assert.Contains("bio 2 on b: write [8+8]", title, StringComparison.Ordinal);
        Assert.EndsWith(": ioerr", title, StringComparison.Ordinal);

        XElement notSupported = BioGroup(doc, "lane device", "3");
        Assert.Equal("bio notsupp", (string?)notSupported.Attribute("class"));
        Assert.Equal("#ff8f00", (string?)notSupported.Element(Svg + "rect")!.Attribute("fill"));
        Assert.Single(notSupported.Elements(Svg + "path"), p => (string?)p.Attribute("class") == "marker diamond");
        Assert.Equal("notsupp", notSupported.Elements(Svg + "text").Single(t => (string?)t.Attribute("class") == "label").Value);

        XElement ok = BioGroup(doc, "lane device", "1");
        Assert.Equal("bio ok", (string?)ok.Attribute("class"));
        Assert.Empty(ok.Elements(Svg + "text"));
        Assert.Equal(["flag preflush", "flag fua"], ok.Elements(Svg + "path").Select(p => (string?)p.Attribute("class")));

        XElement fault = Groups(doc, "lane device").Single(g => (string?)g.Attribute("data-device") == "b")
            .Elements(Svg + "path").Single(p => (string?)p.Attribute("class") == "fault");
        Assert.Contains("rule kill-b fail -> ioerr", fault.Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_HasALegendEntryForEveryKindOfMarkItDraws_AndHidesDevicesWithoutBios()
    {
        XDocument doc = Render(HandWrittenResults.Mixed);

        // Mixed has ok, failed and not-supported bios, a fault decision, PREFLUSH and FUA, and no pending bio.
        Assert.Equal(["ok", "failed", "notsupp", "fault", "preflush", "fua"],
            Groups(doc, "legend-entry").Select(g => (string?)g.Attribute("data-kind")));
        Assert.Equal(["ok"], Groups(Render(HandWrittenResults.AllAtTimeZero), "legend-entry").Select(g => (string?)g.Attribute("data-kind")));
        Assert.Equal(["a", "b"], Groups(doc, "lane device").Select(g => (string?)g.Attribute("data-device")));
        Assert.Equal("Not drawn (no bios): idle", ClassText(doc, "hidden-devices"));
        Assert.Equal(["#0 w write", "#1 bad write"], Groups(doc, "lane request").Select(g => (string?)g.Attribute("data-request")));
    }

    [Fact]
    public void Timeline_TimeAxis_IsInMicrosecondsWithRoundTicks()
    {
        XDocument doc = Render(HandWrittenResults.Mixed);

        XElement axis = Groups(doc, "axis").Single();
        Assert.Equal("time", (string?)axis.Attribute("data-mode"));
        Assert.Equal("virtual time (µs)", ClassText(doc, "axis-label"));
        // 527569 ns = 527.6 µs: a fifth is 105.5, rounded up to a step of 200.
        Assert.Equal(["0", "200", "400"], axis.Elements(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick").Select(t => t.Value));
        // Bio 1 runs 0..400 µs, so its bar spans the plot from the 0 tick to the 400 tick.
        XElement bar = BioGroup(doc, "lane device", "1").Element(Svg + "rect")!;
        var ticks = axis.Elements(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick").Select(t => Number(t, "x")).ToList();
        Assert.Equal(ticks[0], Number(bar, "x"), 0.01);
        Assert.Equal(ticks[2], Number(bar, "x") + Number(bar, "width"), 0.01);
    }

    [Fact]
    public void Timeline_WhenEveryBioRanAtTimeZero_UsesSubmissionOrderAndSaysSo()
    {
        XDocument doc = Render(HandWrittenResults.AllAtTimeZero);

        XElement axis = Groups(doc, "axis").Single();
        Assert.Equal("sequence", (string?)axis.Attribute("data-mode"));
        Assert.StartsWith("bio submission order: every bio ran at virtual time 0 ns", ClassText(doc, "axis-label"), StringComparison.Ordinal);
        var ticks = axis.Elements(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick").Select(t => t.Value).ToList();
        Assert.Equal(["0", "1", "2", "3"], ticks);
        Assert.DoesNotContain("0 ns 0 ns", string.Join(" ", ticks), StringComparison.Ordinal);
        var starts = new[] { "1", "2", "3" }.Select(id => Number(BioGroup(doc, "lane device", id).Element(Svg + "rect")!, "x")).ToList();
        Assert.True(starts[0] < starts[1] && starts[1] < starts[2], $"bios not spread in submission order: {string.Join(", ", starts)}");
    }

    [Fact]
    public void Timeline_DependsOnlyOnTheResultsContent_NotOnItsLayout()
    {
        using var dir = new TempDir();
        string pretty = dir.Write("pretty.json", HandWrittenResults.Mixed);
        string compact = dir.Write("compact.json", JsonSerializer.Serialize(JsonDocument.Parse(HandWrittenResults.Mixed).RootElement));

        Assert.Equal(0, Tool.Run("timeline", pretty, "--out", dir.File("a.svg")).Exit);
        Assert.Equal(0, Tool.Run("timeline", compact, "--out", dir.File("b.svg")).Exit);

        Assert.Equal(File.ReadAllBytes(dir.File("a.svg")), File.ReadAllBytes(dir.File("b.svg")));
    }

    [Fact]
    public void Timeline_OfSomethingThatIsNotAResult_ExitsTwo()
    {
        using var dir = new TempDir();
        string notResult = dir.Write("x.json", "{ \"hello\": 1 }");

        (int exit, _, string error) = Tool.Run("timeline", notResult, "--out", dir.File("t.svg"));

        Assert.Equal(2, exit);
        Assert.Contains("Not a result document", error);
    }

    private static XDocument Render(string resultJson)
    {
        (int exit, string output, string error) = Tool.RunWithInput(resultJson, "timeline", "-", "--out", "-");
        Assert.True(exit == 0, error);
        return XDocument.Parse(output);
    }

    private static IEnumerable<XElement> Groups(XDocument doc, string cssClass) =>
        doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == cssClass);

    private static XElement BioGroup(XDocument doc, string laneClass, string bio) =>
        Groups(doc, laneClass).SelectMany(l => l.Elements(Svg + "g")).Single(g => IsBio(g) && (string?)g.Attribute("data-bio") == bio);

    private static bool IsBio(XElement g) => ((string?)g.Attribute("class"))?.StartsWith("bio ", StringComparison.Ordinal) == true;

    private static string ClassText(XDocument doc, string cssClass) =>
        doc.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == cssClass).Value;

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
