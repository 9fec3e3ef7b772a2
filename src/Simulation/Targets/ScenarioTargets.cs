using System.Globalization;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation.Targets;

/// <summary>
/// Table targets beyond the kernel's, for the simulation's own fault devices. Their names are not kernel target
/// names, so a table using them is visibly a simulation table:
/// <list type="bullet">
/// <item><c>&lt;start&gt; &lt;len&gt; latency &lt;dev&gt; &lt;offset&gt; &lt;dist&gt; [read=&lt;dist&gt;] [write=...] [flush=...] [discard=...] [write_zeroes=...]</c></item>
/// <item><c>&lt;start&gt; &lt;len&gt; rules &lt;dev&gt; &lt;offset&gt;</c> — rule-driven faults, changed later by messages</item>
/// <item><c>&lt;start&gt; &lt;len&gt; volatile_cache &lt;dev&gt; &lt;offset&gt; [lose|keep|tear|uniform|&lt;L&gt;:&lt;K&gt;:&lt;T&gt;]</c> — a write cache that a crash step empties</item>
/// </list>
/// </summary>
public static class ScenarioTargets
{
    // Latency profiles of recent table lines: a profile is immutable and depends only on the line's text, and a sweep
    // builds the same lines for every seed.
    private static readonly ParseMemo<LatencyProfile> RecentProfiles = new();

    /// <summary>The target names <see cref="Register"/> adds.</summary>
    public static IReadOnlyList<string> Names { get; } = ["latency", "rules", "volatile_cache"];

    /// <summary>Adds the simulation targets to <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry (usually one from <see cref="FaultTargets.CreateRegistry"/>).</param>
    /// <param name="record">Where fault decisions are logged.</param>
    /// <param name="choices">Where random choices come from.</param>
    /// <param name="cacheCreated">Told about every write cache built, with its table's name, so crash steps can find it.</param>
    public static void Register(TargetRegistry registry, FaultRecord record, IChoiceSource choices, Action<string, VolatileWriteCacheDevice>? cacheCreated = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(choices);
        registry.Register("latency", args =>
        {
            args.RequireCount(3, 8);
            LatencyProfile profile = RecentProfiles.GetOrParse(args.Line, args, static (_, a) => LatencySyntax.Profile(a, 2));
            return new LatencyDevice(args.DeviceName, Lower(args), args.Scheduler, choices, profile);
        });
        registry.Register("rules", args =>
        {
            args.RequireCount(2, 2);
            return new RuleFaultDevice(args.DeviceName, Lower(args), args.Scheduler, choices, record);
        });
        registry.Register("volatile_cache", args =>
        {
            args.RequireCount(2, 3);
            CrashPolicy policy = args.Args.Count == 3 ? Policy(args, args.Args[2]) : CrashPolicy.LoseAll;
            var cache = new VolatileWriteCacheDevice(args.DeviceName, Lower(args), args.Scheduler, choices, record, policy);
            cacheCreated?.Invoke(args.DeviceName, cache);
            return cache;
        });
    }

    /// <summary>The device under a line: the named device itself, or a linear window of it when the line covers part of it.</summary>
    private static IBlockDevice Lower(TargetArguments args)
    {
        IBlockDevice device = args.Device(0, "device");
        long offset = args.Integer(1, "offset", 0, device.CapacitySectors - args.LengthSectors);
        return offset == 0 && args.LengthSectors == device.CapacitySectors
            ? device
            : new LinearDevice(BuiltInTargets.SegmentName(args) + ":window", device, offset, args.LengthSectors);
    }

    private static CrashPolicy Policy(TargetArguments args, string text)
    {
        switch (text)
        {
            case "lose": return CrashPolicy.LoseAll;
            case "keep": return CrashPolicy.KeepAll;
            case "tear": return CrashPolicy.TearAll;
            case "uniform": return CrashPolicy.Uniform;
        }

        string[] parts = text.Split(':');
        if (parts.Length == 3 &&
            uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint lose) &&
            uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint keep) &&
            uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint tear) &&
            (ulong)lose + keep + tear > 0)
        {
            return new CrashPolicy(lose, keep, tear);
        }

        throw args.Error("policy", $"'{text}' is not a crash policy: lose, keep, tear, uniform or <lose>:<keep>:<tear> weights");
    }
}
