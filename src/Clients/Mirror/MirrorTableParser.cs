using DmIo.Clients.Logs;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Mirror;

/// <summary>
/// Reads a mirror table line as Linux 6.12's <c>mirror_ctr</c> does (drivers/md/dm-raid1.c):
/// <c>&lt;log type&gt; &lt;#log args&gt; &lt;log args...&gt; &lt;#legs&gt; (&lt;dev&gt; &lt;offset&gt;){#legs} [&lt;#features&gt; &lt;features...&gt;]</c>,
/// checking in the kernel's order (<c>create_dirty_log</c>, the leg count, <c>get_mirror</c> for each leg,
/// <c>parse_features</c>, then leftovers) and failing with the kernel's own <c>ti-&gt;error</c> text. A refused line
/// leaves nothing behind: a log already created is disposed, and nothing has done any I/O.
/// </summary>
public static class MirrorTableParser
{
    /// <summary>The most legs a mirror may have (<c>MAX_NR_MIRRORS</c>: kcopyd's 8 destinations plus the source).</summary>
    public const int MaxLegs = 9;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <param name="args">The table line.</param>
    /// <param name="createLog">
    /// Builds the dirty log from its type and arguments (<c>dm_dirty_log_create</c>); throws when the log refuses them,
    /// its message becoming the detail of the kernel's <c>Error creating mirror dirty log</c>.
    /// </param>
    /// <returns>The line's settings.</returns>
    /// <exception cref="TableSyntaxException">The kernel would refuse the line; its text is <see cref="TableSyntaxException.KernelMessage"/>.</exception>
    public static MirrorSettings Parse(TargetArguments args, Func<string, IReadOnlyList<string>, IDirtyLog> createLog)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(createLog);
        IReadOnlyList<string> argv = args.Args;
        IDirtyLog log = CreateDirtyLog(args, createLog, out int at);
        try
        {
            if (at >= argv.Count || !KernelScan.TryUnsigned32(argv[at], out uint legCount) || legCount < 2 || legCount > MaxLegs)
            {
                string given = at < argv.Count ? $"'{argv[at]}'" : "none given";
                throw args.KernelError("#legs", "Invalid number of mirrors", $"{given} (allowed 2..{MaxLegs})");
            }

            at++;
            if (argv.Count - at < legCount * 2)
            {
                throw args.KernelError("legs", "Too few mirror arguments", $"{legCount} legs take {legCount * 2} arguments, {argv.Count - at} left");
            }

            var legs = new (IBlockDevice, long)[legCount];
            for (int leg = 0; leg < legCount; leg++, at += 2)
            {
                legs[leg] = GetMirror(args, leg, at);
            }

            MirrorFeatures features = ParseFeatures(args, ref at);
            if (at != argv.Count)
            {
                throw args.KernelError("arguments", "Too many mirror arguments", $"'{string.Join(' ', argv.Skip(at))}' left over");
            }

            for (int leg = 0; leg < legCount; leg++)
            {
                CheckArea(args, leg, legs[leg].Item1, legs[leg].Item2);
            }

            return new MirrorSettings(log, legs, features);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    // create_dirty_log: "<type> <#args> <args...>"; every failure of the log's own constructor becomes one text.
    private static IDirtyLog CreateDirtyLog(TargetArguments args, Func<string, IReadOnlyList<string>, IDirtyLog> createLog, out int used)
    {
        IReadOnlyList<string> argv = args.Args;
        if (argv.Count < 2)
        {
            throw args.KernelError("log", "Insufficient mirror log arguments", $"a log type and its argument count are needed, got {argv.Count} argument(s)");
        }

        if (!KernelScan.TryUnsigned32(argv[1], out uint logArgCount))
        {
            throw args.KernelError("#log args", "Invalid mirror log argument count", $"'{argv[1]}'");
        }

        if (logArgCount > argv.Count - 2)
        {
            throw args.KernelError("log args", "Insufficient mirror log arguments", $"{logArgCount} log argument(s) announced, {argv.Count - 2} present");
        }

        used = 2 + (int)logArgCount;
        string[] logArgs = [.. argv.Skip(2).Take((int)logArgCount)];
        try
        {
            return createLog(argv[0], logArgs);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw args.KernelError("log", "Error creating mirror dirty log", $"{argv[0]} {string.Join(' ', logArgs)}: {e.Message}");
        }
    }

    // get_mirror: "<dev> <offset>", the offset read first as the kernel does.
    private static (IBlockDevice, long) GetMirror(TargetArguments args, int leg, int at)
    {
        string offsetText = args.Args[at + 1];
        if (!long.TryParse(offsetText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long offset))
        {
            throw args.KernelError($"leg {leg} offset", "Invalid offset", $"'{offsetText}'");
        }

        string name = args.Args[at];
        IBlockDevice device = args.ResolveDevice(name)
            ?? throw args.KernelError($"leg {leg} device", "Device lookup failure", $"no device named '{name}'");
        return (device, offset);
    }

    // Each leg's area must fit on its device. Device-mapper checks that after the constructor succeeded, when the table
    // is loaded (device_area_is_invalid through mirror_iterate_devices), logging the same line as for any target.
    private static void CheckArea(TargetArguments args, int leg, IBlockDevice device, long offset)
    {
        if (offset > device.CapacitySectors - args.LengthSectors)
        {
            throw args.KernelError($"leg {leg} offset",
                $"{args.DeviceName}: {device.Name} too small for target: start={offset}, len={args.LengthSectors}, dev_size={device.CapacitySectors}");
        }
    }

    // parse_features: nothing, or "<#features> <feature>...", each handle_errors or keep_log.
    private static MirrorFeatures ParseFeatures(TargetArguments args, ref int at)
    {
        IReadOnlyList<string> argv = args.Args;
        if (at == argv.Count)
        {
            return MirrorFeatures.None;
        }

        if (!KernelScan.TryUnsigned32(argv[at], out uint count))
        {
            throw args.KernelError("#features", "Invalid number of features", $"'{argv[at]}'");
        }

        at++;
        if (count > argv.Count - at)
        {
            throw args.KernelError("features", "Not enough arguments to support feature count", $"{count} feature(s) announced, {argv.Count - at} present");
        }

        MirrorFeatures features = MirrorFeatures.None;
        for (int i = 0; i < count; i++, at++)
        {
            features |= argv[at] switch
            {
                "handle_errors" => MirrorFeatures.HandleErrors,
                "keep_log" => MirrorFeatures.KeepLog,
                _ => throw args.KernelError("features", "Unrecognised feature requested", $"'{argv[at]}' (known: handle_errors, keep_log)"),
            };
        }

        if ((features & MirrorFeatures.KeepLog) != 0 && (features & MirrorFeatures.HandleErrors) == 0)
        {
            throw args.KernelError("features", "keep_log feature requires the handle_errors feature");
        }

        return features;
    }
}
