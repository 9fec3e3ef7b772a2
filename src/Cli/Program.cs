using DmIo.Cli;

// dmio-sim: run, record, replay and sweep dm-io fault scenarios; see docs/SCENARIOS.md.
bool interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
return DmIoSimCli.Run(args, new CliContext(Console.Out, Console.Error, interactive));
