using DmIo.Cli;
using DmIo.Cli.Commands;

// dmio-sim: run, record, replay and sweep dm-io fault scenarios; see docs/SCENARIOS.md.
DmIo.Cli.Commands.Nbd.ParentWatch.NoteStartupParent(); // first: nbd --exit-with-parent must know the parent that started it
bool interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
// A failed write to standard output (a full disk behind '>') is an output error (exit 2), not a bug (exit 3).
int width = OutputWidth.Choose(OutputWidth.OfStandardOutput(), Environment.GetEnvironmentVariable("COLUMNS"));
var context = new CliContext(GuardedOutput.Writer(Console.Out), Console.Error, interactive, width)
{
    OpenBinaryOutput = () => GuardedOutput.Stream(Console.OpenStandardOutput()),
};
return DmIoSimCli.Run(args, context);
