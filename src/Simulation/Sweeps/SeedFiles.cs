using System.Globalization;

namespace DmIo.Simulation.Sweeps;

/// <summary>The names of the three files a sweep writes for each failing seed, in its output directory.</summary>
public static class SeedFiles
{
    /// <summary>The scenario with the seed filled in: <c>seed-N.json</c> (<c>dmio-sim run</c> reruns it).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The file name.</returns>
    public static string Scenario(ulong seed) => Stem(seed) + ".json";

    /// <summary>The run's trace: <c>seed-N.trace.jsonl</c> (<c>dmio-sim replay</c> replays it).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The file name.</returns>
    public static string Trace(ulong seed) => Stem(seed) + ".trace.jsonl";

    /// <summary>The run's result: <c>seed-N.result.json</c>.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The file name.</returns>
    public static string Result(ulong seed) => Stem(seed) + ".result.json";

    /// <summary>The three names, scenario first.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The file names.</returns>
    public static IReadOnlyList<string> All(ulong seed) => [Scenario(seed), Trace(seed), Result(seed)];

    private static string Stem(ulong seed) => "seed-" + seed.ToString(CultureInfo.InvariantCulture);
}
