namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Knows which arguments of each table target name other devices, so references can be checked (unknown names,
/// cycles) before any device is built. Targets not listed here are rejected by name.
/// </summary>
internal static class TableReferences
{
    /// <summary>Every target a scenario table may use.</summary>
    public static IReadOnlyList<string> Targets { get; } =
        ["linear", "striped", "zero", "error", "flakey", "delay", "dust", "latency", "rules", "volatile_cache"];

    /// <summary>Returns the indexes of <paramref name="args"/> that hold device names for <paramref name="target"/>.</summary>
    public static IEnumerable<int> DeviceArguments(string target, IReadOnlyList<string> args)
    {
        switch (target)
        {
            case "zero":
            case "error":
                yield break;
            case "striped":
                for (int i = 2; i < args.Count; i += 2)
                {
                    yield return i;
                }

                yield break;
            case "delay":
                // <dev> <offset> <delay> [<write dev> <offset> <delay> [<flush dev> <offset> <delay>]]
                for (int i = 0; i < args.Count; i += 3)
                {
                    yield return i;
                }

                yield break;
            default:
                if (args.Count > 0)
                {
                    yield return 0;
                }

                yield break;
        }
    }
}
