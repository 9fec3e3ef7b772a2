using System.CommandLine;
using DmIo.Simulation.Workloads;

namespace DmIo.Cli.Commands;

/// <summary>
/// <c>generate --workload mirror|log|copy|fs --seed N [--requests K] [--faults] [--latency] [--write-cache] [--out file]</c>:
/// writes a scenario from the seeded workload generators, with fault, latency and write-cache layers when asked.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var workload = new Option<string>("--workload", "-w") { Description = "The client shape: mirror, log, copy or fs.", Required = true };
        workload.AcceptOnlyFromAmong([.. WorkloadScenario.Names.Keys]);
        var seed = new Option<int>("--seed", "-s") { Description = "The seed; the same seed always gives the same scenario.", Required = true };
        var requests = new Option<int>("--requests", "-n") { Description = "How many requests to generate.", DefaultValueFactory = _ => WorkloadGenerator.DefaultRequests };
        var output = new Option<string?>("--out", "-o") { Description = "The scenario file to write; standard output when absent or '-'." };
        var faults = new Option<bool>("--faults") { Description = "Stack a kernel fault target (flakey, dust, error segments or delay) and a rules target with seeded rules over each device." };
        var latency = new Option<bool>("--latency") { Description = "Stack a latency target over each device, so completions reorder and virtual time advances." };
        var writeCache = new Option<bool>("--write-cache") { Description = "Put a volatile_cache over each device's media, add FUA writes and empty flushes, and crash the caches." };
        var command = new Command("generate", "Write a scenario shaped like a real dm-io client (mirror, log, copy engine, file system) from a seed.")
        {
            workload, seed, requests, faults, latency, writeCache, output,
        };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(requests);
            if (count < 1 || count > 100_000)
            {
                return context.BadInput($"--requests must be 1..100000, not {count}.");
            }

            string? path = parse.GetValue(output);
            if (!OutputPath.CheckFile(context, path, "--out"))
            {
                return ExitCodes.BadInput;
            }

            int seedValue = parse.GetValue(seed);
            if (seedValue < 0)
            {
                return context.BadInput($"--seed must not be negative, not {seedValue}.");
            }

            Workload generated = WorkloadGenerator.Generate(WorkloadScenario.Names[parse.GetValue(workload)!], seedValue, count);
            var hazards = new WorkloadHazards(parse.GetValue(faults), parse.GetValue(latency), parse.GetValue(writeCache));
            string json = WorkloadScenario.ToScenario(generated, hazards).ToJson();
            if (path is null || StandardStream.Is(path))
            {
                context.Output.WriteLine(json);
            }
            else
            {
                OutputPath.WriteText(context, path, json + "\n");
                context.Output.WriteLine($"generate: {path} ({generated.Requests.Count} requests, {generated.Devices.Count} devices)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
