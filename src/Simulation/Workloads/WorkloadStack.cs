using System.Globalization;

namespace DmIo.Simulation.Workloads;

/// <summary>
/// Builds the device stack of one workload device for <see cref="WorkloadScenario"/>: a memory backend
/// <c>&lt;name&gt;_media</c>, then, bottom to top, a <c>volatile_cache</c> (<c>&lt;name&gt;_cache</c>), a <c>latency</c>
/// target (<c>&lt;name&gt;_latency</c>), a kernel fault target (<c>&lt;name&gt;_kernel</c>: flakey, dust, error segments or
/// delay) and a <c>rules</c> target, as <see cref="WorkloadHazards"/> asks. The top layer carries the workload device's
/// own name, so requests address it unchanged. Every choice is drawn from the <see cref="WorkloadRandom"/> it is given.
/// </summary>
internal static class WorkloadStack
{
    private static readonly string[] CachePolicies = ["lose", "keep", "tear"];
    private static readonly string[] Latencies = ["uniform:5us:400us", "uniform:50us:2ms", "exponential:10us:100us:5ms", "pareto:20us:2:3ms"];
    private static readonly string[] FlakeyDownModes = ["", " 1 error_reads", " 1 error_writes", " 1 drop_writes", " 2 random_write_corrupt 200000000"];
    private static readonly string[] KernelTargets = ["flakey", "dust", "error", "delay"];

    /// <summary>Adds the stack of <paramref name="device"/> to <paramref name="builder"/>, with the messages that arm its faults.</summary>
    /// <param name="builder">The scenario being built.</param>
    /// <param name="device">The workload device; the top of the stack gets its name.</param>
    /// <param name="hazards">Which layers to stack.</param>
    /// <param name="limits">Limits for the memory backend (a write-zeroes limit when the workload needs one), or null.</param>
    /// <param name="random">The seeded draws.</param>
    /// <returns>The messages to send once every device exists, as (table device, text) pairs.</returns>
    public static IReadOnlyList<(string Device, string Text)> Add(ScenarioBuilder builder, WorkloadDevice device, WorkloadHazards hazards,
        IReadOnlyDictionary<string, long>? limits, WorkloadRandom random)
    {
        long n = device.CapacitySectors;
        var layers = new List<(string Suffix, Func<string, string[]> Lines)>();
        var messages = new List<(string Device, string Text)>();
        if (hazards.WriteCache)
        {
            string policy = random.Pick(CachePolicies);
            layers.Add(("_cache", lower => [Line($"0 {n} volatile_cache {lower} 0 {policy}")]));
        }

        if (hazards.Latency)
        {
            string latency = random.Pick(Latencies);
            layers.Add(("_latency", lower => [Line($"0 {n} latency {lower} 0 {latency}")]));
        }

        if (hazards.Faults)
        {
            layers.Add(("_kernel", KernelTarget(device, random, messages)));
            layers.Add((string.Empty, lower => [Line($"0 {n} rules {lower} 0")]));
            messages.AddRange(Rules(device, random));
        }

        if (layers.Count == 0)
        {
            builder.Backend(device.Name, "memory", n, limits);
            return messages;
        }

        string below = device.Name + "_media";
        builder.Backend(below, "memory", n, limits);
        for (int i = 0; i < layers.Count; i++)
        {
            string name = i == layers.Count - 1 ? device.Name : device.Name + layers[i].Suffix;
            builder.Table(name, layers[i].Lines(below));
            below = name;
        }

        return messages;
    }

    /// <summary>One kernel fault target (drivers/md dm-flakey, dm-dust, dm-table error segments, dm-delay) over the layer below.</summary>
    private static Func<string, string[]> KernelTarget(WorkloadDevice device, WorkloadRandom random, List<(string Device, string Text)> messages)
    {
        long n = device.CapacitySectors;
        string name = device.Name + "_kernel";
        switch (random.Pick(KernelTargets))
        {
            case "flakey":
                string down = random.Pick(FlakeyDownModes);
                // up 0 s, down 3600 s: the whole (virtual, sub-second) run falls in the down interval.
                return lower => [Line($"0 {n} flakey {lower} 0 0 3600{down}")];
            case "dust":
                int blocks = random.Int(1, 8);
                for (int i = 0; i < blocks; i++)
                {
                    messages.Add((name, Line($"addbadblock {random.Long(0, n - 1)}")));
                }

                messages.Add((name, "enable"));
                return lower => [Line($"0 {n} dust {lower} 0 512")];
            case "error":
                long length = random.Long(8, 512);
                long start = random.Long(0, n - length);
                return lower => Segments(lower, n, start, length);
            default:
                int milliseconds = random.Int(1, 20);
                return lower => [Line($"0 {n} delay {lower} 0 {milliseconds}")];
        }
    }

    /// <summary>A linear map with one error segment in the middle (or at an end), as a dm table with several lines.</summary>
    private static string[] Segments(string lower, long n, long start, long length)
    {
        var lines = new List<string>();
        if (start > 0)
        {
            lines.Add(Line($"0 {start} linear {lower} 0"));
        }

        lines.Add(Line($"{start} {length} error"));
        long rest = n - start - length;
        if (rest > 0)
        {
            lines.Add(Line($"{start + length} {rest} linear {lower} {start + length}"));
        }

        return [.. lines];
    }

    /// <summary>The rules of the top <c>rules</c> target: the first bio always fails, then seeded probabilistic faults.</summary>
    private static IEnumerable<(string Device, string Text)> Rules(WorkloadDevice device, WorkloadRandom random)
    {
        yield return (device.Name, "add name=first nth=1 action=fail:ioerr");
        if (random.Bool(0.7))
        {
            yield return (device.Name, Line($"add name=writes op=write prob={random.Int(2, 20)}% action=fail:ioerr"));
        }

        if (random.Bool(0.5))
        {
            long from = random.Long(0, device.CapacitySectors - 64);
            yield return (device.Name, Line($"add name=media op=read sectors={from}-{from + random.Long(0, 63)} action=fail:medium"));
        }

        if (random.Bool(0.5))
        {
            yield return (device.Name, Line($"add name=slow prob={random.Int(5, 30)}% action=delay:{random.Int(10, 900)}us"));
        }
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
