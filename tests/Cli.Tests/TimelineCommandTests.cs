using System.Text.Json;
using System.Xml.Linq;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class TimelineCommandTests
{
    [Fact]
    public void Timeline_IsWellFormedSvgWithOneLanePerDeviceAndABarPerBio()
    {
        using var dir = new TempDir();
        string result = dir.File("r.json");
        string svg = dir.File("t.svg");
        Assert.Equal(0, Tool.Run("run", Repo.Path("examples", "demo-mirror.json"), "--out", result).Exit);

        (int exit, string output, string error) = Tool.Run("timeline", result, "--out", svg);

        Assert.True(exit == 0, output + error);
        XDocument doc = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(result));
        var devices = json.RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        var lanes = doc.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "lane").ToList();
        Assert.Equal(devices, lanes.Select(l => (string?)l.Attribute("data-device")));
        Assert.Equal(json.RootElement.GetProperty("bios").GetArrayLength(), doc.Descendants(ns + "rect").Count(r => (string?)r.Attribute("class") == "bio"));
        Assert.Equal(json.RootElement.GetProperty("faults").GetArrayLength(), doc.Descendants(ns + "path").Count(p => (string?)p.Attribute("class") == "fault"));
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
}
