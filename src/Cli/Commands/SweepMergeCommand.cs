using System.CommandLine;
using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Commands;

/// <summary>
/// <c>sweep-merge DIR... [--out dir]</c>: combines the <c>summary.json</c> of every shard of one sweep into the report
/// of the whole range. With <c>--out</c> it also writes the merged <c>summary.json</c> and copies each group's listed
/// seeds' files there, so the merged directory replays on its own.
/// </summary>
internal static class SweepMergeCommand
{
    public static Command Create(CliContext context)
    {
        var directories = new Argument<string[]>("directories") { Description = "The output directory of each shard's sweep (each holds a summary.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Write the merged summary.json here, with the files of each group's listed seeds (created if missing)." };
        var command = new Command("sweep-merge", "Merge the summaries of a sweep's shards (--shard k/n) into one report; refuses shards of different sweeps, overlapping or missing shards.")
        {
            directories, output,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(directories)!, parse.GetValue(output)));
        return command;
    }

    private static int Execute(CliContext context, string[] directories, string? outDir)
    {
        if (outDir is not null && !OutputPath.CheckDirectory(context, outDir, "--out"))
        {
            return ExitCodes.BadInput;
        }

        if (outDir is not null && directories.FirstOrDefault(d => SamePath(d, outDir)) is { } clash)
        {
            return context.BadInput($"--out {outDir}: is the shard directory {clash}; the merged summary would replace its own");
        }

        var shards = new List<(string Source, SweepSummary Summary)>();
        foreach (string directory in directories)
        {
            string path = Path.Combine(directory, SweepCommand.SummaryFile);
            try
            {
                shards.Add((directory, SweepSummaryReader.Parse(File.ReadAllText(path))));
            }
            catch (FormatException e)
            {
                return context.BadInput($"{path}: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return context.BadInput($"{directory}: no readable {SweepCommand.SummaryFile} ({e.Message})");
            }
        }

        SweepSummary merged;
        try
        {
            merged = SweepMerge.Merge(shards);
        }
        catch (FormatException e)
        {
            return context.BadInput(e.Message);
        }

        string DirectoryOf(ulong seed) => shards.First(s => s.Summary.Shard.Contains(seed)).Source;
        var listed = merged.Groups.SelectMany(g => g.Seeds).Order().ToList();
        if (listed.SelectMany(seed => SeedFiles.All(seed).Select(file => Path.Combine(DirectoryOf(seed), file))).FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            return context.BadInput($"{missing}: missing; a shard's failing seeds must keep their files next to its summary.json");
        }

        string? summaryPath = null;
        if (outDir is not null)
        {
            OutputPath.CreateDirectory(outDir);
            foreach (ulong seed in listed)
            {
                foreach (string file in SeedFiles.All(seed))
                {
                    OutputPath.CopyAtomically(Path.Combine(DirectoryOf(seed), file), Path.Combine(outDir, file));
                }
            }

            summaryPath = Path.Combine(outDir, SweepCommand.SummaryFile);
            OutputPath.WriteAtomically(summaryPath, merged.ToJson());
        }

        SweepReport.Write(context, merged, seed => outDir ?? DirectoryOf(seed), summaryPath);
        return merged.Failed == 0 && merged.Complete ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static bool SamePath(string a, string b)
    {
        try
        {
            return string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false; // an unusable shard path is reported when its summary is read
        }
    }
}
