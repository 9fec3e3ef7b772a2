namespace DmIo.Cli.Tests.Support;

/// <summary>A scenario, its result and trace, a sweep template and a swept shard, made fresh in a temporary directory.</summary>
internal sealed class CliFixtures : IDisposable
{
    private readonly TempDir _dir = new();

    public CliFixtures()
    {
        Scenario = _dir.Write("s.json", File.ReadAllText(Repo.Path("examples", "demo-mirror.json")));
        Result = _dir.File("r.json");
        Trace = _dir.File("t.jsonl");
        (int exit, string stdout, string stderr) = Tool.Run("run", Scenario, "--out", Result, "--trace", Trace);
        if (exit != 0)
        {
            throw new InvalidOperationException($"the fixture run failed ({exit}): {stdout}{stderr}");
        }

        Template = _dir.Write("coin.json", SweepTemplates.Coin);
        SweptShard = _dir.File("swept");
        Tool.Run("sweep", Template, "--seeds", "1..10", "--quiet", "--out", SweptShard);
    }

    public string Scenario { get; }

    public string Result { get; }

    public string Trace { get; }

    public string Template { get; }

    /// <summary>The output directory of a sweep of seeds 1..10 (with a summary.json).</summary>
    public string SweptShard { get; }

    /// <summary>Replaces the placeholders S, R, T, C and W in an argument list.</summary>
    public string[] Args(string[] template) => [.. template.Select(a => a switch
    {
        "S" => Scenario,
        "R" => Result,
        "T" => Trace,
        "C" => Template,
        "W" => SweptShard,
        _ => a,
    })];

    public void Dispose() => _dir.Dispose();
}
