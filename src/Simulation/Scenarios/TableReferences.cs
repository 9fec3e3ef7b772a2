namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Knows which arguments of each table target name other devices, so references can be checked (unknown names,
/// cycles) before any device is built. Targets not listed here are rejected by name.
/// </summary>
internal static class TableReferences
{
    /// <summary>Every target a scenario table may use.</summary>
    public static IReadOnlyList<string> Targets { get; } =
        ["linear", "striped", "zero", "error", "flakey", "delay", "dust", "latency", "rules", "volatile_cache", "mirror"];

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
            case "mirror":
                foreach (int index in MirrorDeviceArguments(args))
                {
                    yield return index;
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

    // mirror <log type> <#log args> <log args...> <#legs> (<dev> <offset>)...: the disk log's device, then each leg.
    // A malformed line yields what it can; the mirror's own constructor refuses it with the kernel's text later.
    private static IEnumerable<int> MirrorDeviceArguments(IReadOnlyList<string> args)
    {
        if (args.Count < 2 || !int.TryParse(args[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int logArgs))
        {
            yield break;
        }

        if (args[0] == "disk" && logArgs > 0 && args.Count > 2)
        {
            yield return 2;
        }

        int legsAt = 2 + logArgs;
        if (legsAt >= args.Count || !int.TryParse(args[legsAt], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int legs))
        {
            yield break;
        }

        for (int leg = 0, at = legsAt + 1; leg < legs && at < args.Count; leg++, at += 2)
        {
            yield return at;
        }
    }
}
