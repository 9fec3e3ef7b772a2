using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class ReplayCommandTests
{
    [Fact]
    public void Replay_OfARecordedTrace_ReportsIdenticalAndExitsZero()
    {
        using var dir = new TempDir();
        string trace = dir.File("t.jsonl");
        Assert.Equal(0, Tool.Run("record", Repo.Path("examples", "demo-mirror.json"), "--trace", trace).Exit);

        (int exit, string output, string error) = Tool.Run("replay", trace);

        Assert.True(exit == 0, output + error);
        Assert.Contains("identical", output);
    }

    [Fact]
    public void Replay_AgainstAChangedScenario_ReportsTheFirstDivergenceWithExpectedAndActual()
    {
        using var dir = new TempDir();
        string trace = dir.File("t.jsonl");
        Assert.Equal(0, Tool.Run("record", Repo.Path("examples", "demo-mirror.json"), "--trace", trace).Exit);
        string changed = dir.Write("changed.json",
            File.ReadAllText(Repo.Path("examples", "demo-mirror.json")).Replace("\"sector\": 64, \"count\": 16 },\n        { \"device\": \"leg1\"", "\"sector\": 72, \"count\": 16 },\n        { \"device\": \"leg1\"", StringComparison.Ordinal));

        (int exit, string output, _) = Tool.Run("replay", trace, "--scenario", changed);

        Assert.Equal(1, exit);
        Assert.Contains("Trace diverged at step 1 (line 2):", output);
        Assert.Contains("expected: {\"step\":1,\"t\":0,\"ev\":\"submit\",\"dev\":\"leg0\",\"bio\":1,\"op\":\"write\",\"flags\":\"sync\",\"sector\":64", output);
        Assert.Contains("actual:   {\"step\":1,\"t\":0,\"ev\":\"submit\",\"dev\":\"leg0\",\"bio\":1,\"op\":\"write\",\"flags\":\"sync\",\"sector\":72", output);
    }

    [Fact]
    public void Replay_OfATruncatedTrace_ExitsTwoNamingTheLine()
    {
        using var dir = new TempDir();
        string trace = dir.File("t.jsonl");
        Assert.Equal(0, Tool.Run("record", Repo.Path("examples", "demo-mirror.json"), "--trace", trace).Exit);
        string text = File.ReadAllText(trace);
        File.WriteAllText(trace, text[..^10]);

        (int exit, _, string error) = Tool.Run("replay", trace);

        Assert.Equal(2, exit);
        Assert.Matches(@"t\.jsonl:\d+: ", error);
    }
}
