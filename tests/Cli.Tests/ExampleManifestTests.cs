using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using DmIo.Cli.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace DmIo.Cli.Tests;

/// <summary>
/// Issue 13 part 3: the Kubernetes Indexed Job and the GitHub Actions matrix in examples/ shard a sweep with
/// <c>--shard k/N</c> for k = 1..N and merge the N results; their command lines parse as dmio-sim command lines.
/// </summary>
public sealed partial class ExampleManifestTests
{
    [Fact]
    public void KubernetesIndexedJob_ShardsBy_JobCompletionIndex_AndMergesEveryShard()
    {
        var documents = Load(Repo.Path("examples", "kubernetes", "sweep-indexed-job.yaml"));
        YamlMappingNode sweep = documents.Single(d => Text(d, "kind") == "Job" && TextOrNull(Map(d, "spec"), "completionMode") == "Indexed");
        YamlMappingNode merge = documents.Single(d => Text(d, "kind") == "Job" && d != sweep);
        YamlMappingNode claim = documents.Single(d => Text(d, "kind") == "PersistentVolumeClaim");
        int n = int.Parse(Text(sweep, "spec", "completions"), CultureInfo.InvariantCulture);

        Assert.Equal(n, int.Parse(Text(sweep, "spec", "parallelism"), CultureInfo.InvariantCulture));
        string sweepLine = Command(Container(sweep, "containers"));
        Assert.Contains($"--shard $((JOB_COMPLETION_INDEX+1))/{n} ", sweepLine, StringComparison.Ordinal);
        Assert.Contains("--out /results/shard-$((JOB_COMPLETION_INDEX+1))", sweepLine, StringComparison.Ordinal);
        Assert.Equal("/results", MountOf(Container(sweep, "containers"), VolumeOf(sweep, Text(claim, "metadata", "name"))));
        string mergeLine = Command(Container(merge, "containers"));
        Assert.Contains($"dmio-sim sweep-merge $(seq -f /results/shard-%g 1 {n}) --out /results/merged", mergeLine, StringComparison.Ordinal);
        Assert.Contains($"-ge {n} ]", Command(Container(merge, "initContainers")), StringComparison.Ordinal);
        Assert.Equal("/results", MountOf(Container(merge, "containers"), VolumeOf(merge, Text(claim, "metadata", "name"))));

        for (int k = 1; k <= n; k++)
        {
            AssertParses(DmIoSimArgs(sweepLine.Replace("$((JOB_COMPLETION_INDEX+1))", k.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)), $"--shard {k}/{n}");
        }

        string shards = string.Join(' ', Enumerable.Range(1, n).Select(k => $"/results/shard-{k}"));
        AssertParses(DmIoSimArgs(mergeLine.Replace($"$(seq -f /results/shard-%g 1 {n})", shards, StringComparison.Ordinal)), "sweep-merge");
    }

    [Fact]
    public void GitHubActionsMatrix_ShardsBy_MatrixShard_UploadsEachShard_AndMergesThem()
    {
        YamlMappingNode root = Load(Repo.Path("examples", "github-actions", "sweep.yml")).Single();
        YamlMappingNode sweep = Map(root, "jobs", "sweep");
        YamlMappingNode merge = Map(root, "jobs", "merge");
        var shards = ((YamlSequenceNode)Node(sweep, "strategy", "matrix", "shard")).Children.Select(c => int.Parse(((YamlScalarNode)c).Value!, CultureInfo.InvariantCulture)).ToList();
        int n = shards.Count;

        Assert.Equal(Enumerable.Range(1, n), shards);
        string sweepLine = Steps(sweep).Select(s => TextOrNull(s, "run")).Single(r => r?.Contains(" sweep ", StringComparison.Ordinal) == true)!;
        Assert.Contains($"--shard ${{{{ matrix.shard }}}}/{n} ", sweepLine, StringComparison.Ordinal);
        YamlMappingNode upload = Steps(sweep).Single(s => TextOrNull(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("sweep-shard-${{ matrix.shard }}", Text(upload, "with", "name"));
        Assert.Equal("results/shard-${{ matrix.shard }}", Text(upload, "with", "path"));
        Assert.Contains("--out results/shard-${{ matrix.shard }}", sweepLine, StringComparison.Ordinal);
        Assert.Equal("sweep", Text(merge, "needs"));
        YamlMappingNode download = Steps(merge).Single(s => TextOrNull(s, "uses")?.StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("sweep-shard-*", Text(download, "with", "pattern"));
        string mergeLine = Steps(merge).Select(s => TextOrNull(s, "run")).Single(r => r?.Contains("sweep-merge", StringComparison.Ordinal) == true)!;
        Assert.Contains($"sweep-merge {Text(download, "with", "path")}/sweep-shard-* --out", mergeLine, StringComparison.Ordinal);

        for (int k = 1; k <= n; k++)
        {
            string line = sweepLine.Replace("${{ matrix.shard }}", k.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("\"$SEEDS\"", "1..100", StringComparison.Ordinal);
            AssertParses(DotnetRunArgs(line), $"--shard {k}/{n}");
        }

        string dirs = string.Join(' ', Enumerable.Range(1, n).Select(k => $"shards/sweep-shard-{k}"));
        AssertParses(DotnetRunArgs(mergeLine.Replace("shards/sweep-shard-*", dirs, StringComparison.Ordinal)), "sweep-merge");
    }

    private static void AssertParses(string[] args, string mustContain)
    {
        ParseResult parsed = DmIoSimCli.Build(new CliContext(new StringWriter(), new StringWriter(), interactive: false)).Parse(args);

        Assert.True(parsed.Errors.Count == 0, $"'{string.Join(' ', args)}' does not parse: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        Assert.Contains(mustContain, string.Join(' ', args), StringComparison.Ordinal);
    }

    // The words after "dmio-sim" up to the end of its shell command.
    private static string[] DmIoSimArgs(string line) => Words(Regex.Match(line, @"dmio-sim ([^;]*)").Groups[1].Value);

    // The words after "dotnet run ... --" on the line that runs the tool.
    private static string[] DotnetRunArgs(string script) =>
        Words(script.Split('\n').Single(l => l.Contains("dotnet run", StringComparison.Ordinal)).Split(" -- ", 2)[1]);

    private static string[] Words(string text) => [.. Whitespace().Split(text.Trim()).Where(w => w.Length > 0)];

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode Node(YamlNode node, params string[] keys) =>
        keys.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    private static YamlMappingNode Map(YamlNode node, params string[] keys) => (YamlMappingNode)Node(node, keys);

    private static string Text(YamlNode node, params string[] keys) => ((YamlScalarNode)Node(node, keys)).Value!;

    private static string? TextOrNull(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? ((YamlScalarNode)value).Value : null;

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)Node(job, "steps")).Children.Cast<YamlMappingNode>();

    private static YamlMappingNode Container(YamlMappingNode job, string list) =>
        (YamlMappingNode)((YamlSequenceNode)Node(job, "spec", "template", "spec", list)).Children.Single();

    // The container's command as one line (sh -c SCRIPT: the script).
    private static string Command(YamlMappingNode container) =>
        Whitespace().Replace(((YamlScalarNode)((YamlSequenceNode)Node(container, "command")).Children[^1]).Value!, " ");

    private static string VolumeOf(YamlMappingNode job, string claimName) =>
        ((YamlSequenceNode)Node(job, "spec", "template", "spec", "volumes")).Children.Cast<YamlMappingNode>()
            .Single(v => v.Children.ContainsKey(new YamlScalarNode("persistentVolumeClaim")) && Text(v, "persistentVolumeClaim", "claimName") == claimName)
            .Children[new YamlScalarNode("name")].ToString();

    private static string MountOf(YamlMappingNode container, string volume) =>
        Text(((YamlSequenceNode)Node(container, "volumeMounts")).Children.Cast<YamlMappingNode>().Single(m => Text(m, "name") == volume), "mountPath");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
