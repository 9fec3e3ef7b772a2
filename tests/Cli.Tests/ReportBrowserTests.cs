using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// The report page in a real browser: Debian's Chromium, headless (docs/SCENARIOS.md, "Reports"). The failure colour
/// #d62728 is the documented one; nothing else on the page uses it.
/// </summary>
public sealed class ReportBrowserTests
{
    private static readonly (byte R, byte G, byte B) FailureColour = (0xd6, 0x27, 0x28);
    private const int Width = 1300;
    private const int Height = 1400;
    private const string Hostile = "<script>document.documentElement.setAttribute('data-injected','1')</script>";

    [Fact]
    public void Report_InChromium_RunsItsScriptWithoutErrors_AndAScriptInTheScenarioNameDoesNotRun()
    {
        using var dir = new TempDir();
        string page = FailingRunPage(dir);

        string dom = HeadlessChromium.DumpDom(page, Width, Height, dir.Path);

        string root = Regex.Match(dom, "<html[^>]*>").Value;
        Assert.Contains("data-script-ok=\"1\"", root, StringComparison.Ordinal);
        Assert.DoesNotContain("data-script-errors", root, StringComparison.Ordinal);
        Assert.DoesNotContain("data-injected", root, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;document.documentElement.setAttribute('data-injected','1')&lt;/script&gt;</h1>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Screenshot_IsNotBlank_AndShowsTheFailedBioInTheFailureColourWhereItIsDrawn()
    {
        using var dir = new TempDir();
        string page = FailingRunPage(dir);
        string dom = HeadlessChromium.DumpDom(page, Width, Height, dir.Path);
        Match box = Regex.Match(dom, "data-first-failed-bio=\"(-?\\d+),(-?\\d+),(\\d+),(\\d+)\"");
        Assert.True(box.Success, "the page did not say where its failed bio is drawn");
        int[] b = box.Groups.Values.Skip(1).Select(g => int.Parse(g.Value, CultureInfo.InvariantCulture)).ToArray();

        PngImage shot = HeadlessChromium.Screenshot(page, Width, Height, dir.Path);

        AssertNotBlank(shot);
        (int x, int y) = (b[0] + (b[2] / 2), b[1] + (b[3] / 2));
        Assert.True(x < shot.Width && y < shot.Height, $"the failed bio at {x},{y} is outside the {shot.Width}x{shot.Height} screenshot");
        Assert.Equal(FailureColour, shot[x, y]);
        Assert.True(CountColour(shot, FailureColour) >= 20, "too few pixels of the failure colour for a failed bar and its cross");
    }

    [Fact]
    public void Report_Screenshot_OfARunWithoutFailures_HasNoPixelOfTheFailureColour()
    {
        using var dir = new TempDir();
        string scenario = dir.File("mirror.json");
        string result = dir.File("clean.json");
        string page = dir.File("clean.html");
        Assert.Equal(0, Tool.Run("generate", "--workload", "mirror", "--seed", "1", "--out", scenario).Exit);
        Assert.Equal(0, Tool.Run("run", scenario, "--out", result).Exit);
        Assert.Equal(0, Tool.Run("report", result, "-o", page).Exit);

        PngImage shot = HeadlessChromium.Screenshot(page, Width, Height, dir.Path);

        AssertNotBlank(shot);
        Assert.Equal(0, CountColour(shot, FailureColour));
    }

    // The demo mirror run (a write whose middle leg fails), named with a script that must stay text.
    private static string FailingRunPage(TempDir dir)
    {
        string result = dir.File("demo.json");
        Assert.Equal(0, Tool.Run("run", Repo.Path("examples", "demo-mirror.json"), "--out", result).Exit);
        JsonNode json = JsonNode.Parse(File.ReadAllText(result))!;
        json["scenario"] = Hostile;
        File.WriteAllText(result, json.ToJsonString());
        string page = dir.File("demo.html");
        (int exit, _, string error) = Tool.Run("report", result, "-o", page);
        Assert.True(exit == 0, error);
        return page;
    }

    private static void AssertNotBlank(PngImage shot)
    {
        int inked = 0;
        var colours = new HashSet<(byte, byte, byte)>();
        for (int y = 0; y < shot.Height; y++)
        {
            for (int x = 0; x < shot.Width; x++)
            {
                (byte r, byte g, byte bl) = shot[x, y];
                colours.Add((r, g, bl));
                inked += r < 200 || g < 200 || bl < 200 ? 1 : 0;
            }
        }

        Assert.True(inked > shot.Width * shot.Height / 100, $"the screenshot is (nearly) blank: {inked} dark pixels");
        Assert.True(colours.Count >= 10, $"the screenshot has only {colours.Count} colours");
    }

    private static int CountColour(PngImage shot, (byte R, byte G, byte B) colour)
    {
        int count = 0;
        for (int y = 0; y < shot.Height; y++)
        {
            for (int x = 0; x < shot.Width; x++)
            {
                count += shot[x, y] == colour ? 1 : 0;
            }
        }

        return count;
    }
}
