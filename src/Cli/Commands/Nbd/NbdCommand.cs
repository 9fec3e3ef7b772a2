using System.CommandLine;
using DmIo.Nbd.Serving;
using DmIo.Simulation;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands.Nbd;

/// <summary>
/// <c>nbd &lt;scenario&gt; --export NAME=DEVICE... [--listen HOST:PORT | --unix PATH]</c>: serves scenario devices over
/// NBD (docs/NBD.md) until <c>{"cmd":"quit"}</c> on standard input, SIGINT/SIGTERM, or the end of <c>--run</c>'s command.
/// </summary>
internal static class NbdCommand
{
    public static Command Create(CliContext context)
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file whose devices are served (its steps run first)." };
        var exports = new Option<string[]>("--export", "-e")
        {
            Description = "Serve device DEVICE as export NAME (NAME=DEVICE; repeat for more; the first is the default export).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var listen = new Option<string?>("--listen", "-l") { Description = $"Listen on this loopback HOST:PORT (default 127.0.0.1:{NbdListenAddress.DefaultPort}; port 0 picks one)." };
        var unix = new Option<string?>("--unix", "-U") { Description = "Listen on a Unix socket at this path instead (it must not exist yet)." };
        var trace = new Option<string?>("--trace") { Description = "Stream the session's trace here (JSON lines) and the writes' payloads to FILE.data, for 'replay'." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the session's result JSON here when it ends (faults, control steps, device digests)." };
        var run = new Option<string?>("--run") { Description = "Run this shell command once serving, with $uri, $nbd, $port or $unixsocket set; stop when it exits and exit with its status." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log each connection's events to standard error." };
        var exitWithParent = new Option<bool>("--exit-with-parent") { Description = "Stop when the process that started dmio-sim exits (as nbdkit's option), so a killed harness leaves no server." };
        var connections = new Option<int>("--max-connections") { Description = "Connections served at once (default 64).", DefaultValueFactory = _ => 64 };
        var command = new Command("nbd", "Serve scenario devices over the NBD protocol, with faults, a trace, and control lines on standard input.")
        {
            scenario, exports, listen, unix, trace, output, run, verbose, connections, exitWithParent,
        };
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits
            ? new NbdServeRun(context, new NbdServeOptions
            {
                ScenarioPath = parse.GetValue(scenario)!,
                Exports = parse.GetValue(exports) ?? [],
                Listen = parse.GetValue(listen),
                UnixPath = parse.GetValue(unix),
                TracePath = parse.GetValue(trace),
                ResultPath = parse.GetValue(output),
                RunCommand = parse.GetValue(run),
                Verbose = parse.GetValue(verbose),
                ExitWithParent = parse.GetValue(exitWithParent),
                MaxConnections = parse.GetValue(connections),
                Limits = limits,
            }).Execute()
            : ExitCodes.BadInput);
        return command;
    }
}
