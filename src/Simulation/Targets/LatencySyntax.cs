using System.Globalization;
using DmIo.FaultInjection;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation.Targets;

/// <summary>
/// Parses the latency distributions of the scenario-level <c>latency</c> table target:
/// <c>fixed:&lt;d&gt;</c>, <c>uniform:&lt;min&gt;:&lt;max&gt;</c>, <c>exponential:&lt;min&gt;:&lt;mean-extra&gt;[:&lt;cap&gt;]</c>,
/// <c>pareto:&lt;scale&gt;:&lt;shape&gt;:&lt;cap&gt;</c>; durations take ns, us, ms or s.
/// </summary>
internal static class LatencySyntax
{
    public static LatencyProfile Profile(TargetArguments args, int first)
    {
        var profile = new LatencyProfile();
        bool haveDefault = false;
        for (int i = first; i < args.Args.Count; i++)
        {
            string word = args.Args[i];
            int eq = word.IndexOf('=', StringComparison.Ordinal);
            string kind = eq < 0 ? "default" : word[..eq];
            LatencyDistribution distribution = Distribution(args, eq < 0 ? word : word[(eq + 1)..], $"arg{i}");
            profile = kind switch
            {
                "default" => profile with { Default = distribution },
                "read" => profile with { Read = distribution },
                "write" => profile with { Write = distribution },
                "flush" => profile with { Flush = distribution },
                "discard" => profile with { Discard = distribution },
                "write_zeroes" => profile with { WriteZeroes = distribution },
                _ => throw args.Error($"arg{i}", $"unknown bio kind '{kind}'; use default, read, write, flush, discard or write_zeroes"),
            };
            haveDefault |= kind == "default";
        }

        if (!haveDefault && args.Args.Count <= first)
        {
            throw args.Error("profile", "latency needs at least one distribution, for example fixed:1ms");
        }

        return profile;
    }

    private static LatencyDistribution Distribution(TargetArguments args, string text, string field)
    {
        string[] parts = text.Split(':');
        try
        {
            return parts[0] switch
            {
                "fixed" when parts.Length == 2 => new FixedLatency(Duration(parts[1])),
                "uniform" when parts.Length == 3 => new UniformLatency(Duration(parts[1]), Duration(parts[2])),
                "exponential" when parts.Length is 3 or 4 =>
                    new ExponentialLatency(Duration(parts[1]), Duration(parts[2]), parts.Length == 4 ? Duration(parts[3]) : null),
                "pareto" when parts.Length == 4 =>
                    new ParetoLatency(Duration(parts[1]), double.Parse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture), Duration(parts[3])),
                _ => throw args.Error(field, $"'{text}' is not a distribution: fixed:<d>, uniform:<min>:<max>, exponential:<min>:<mean>[:<cap>] or pareto:<scale>:<shape>:<cap>"),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException && e is not TableSyntaxException)
        {
            throw args.Error(field, $"'{text}': {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static long Duration(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ns) ? ns : FaultRuleSyntax.ParseDuration(text);
}
