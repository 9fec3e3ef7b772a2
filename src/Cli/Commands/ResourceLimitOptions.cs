using System.CommandLine;
using System.Globalization;
using DmIo.FaultInjection;
using DmIo.Simulation;

namespace DmIo.Cli.Commands;

/// <summary>
/// The resource caps as options every command takes (<c>--max-device-bytes 4GiB</c>, ...): they bound what an
/// untrusted scenario, trace or serve session may ask for. A bad value is bad input (exit 2) naming the option.
/// </summary>
internal static class ResourceLimitOptions
{
    private const string DeviceBytes = "--max-device-bytes";
    private const string RequestBytes = "--max-request-bytes";
    private const string PoolObjects = "--max-pool-objects";
    private const string Steps = "--max-steps";
    private const string VirtualTime = "--max-virtual-time";
    private const string InputBytes = "--max-input-bytes";

    /// <summary>
    /// Adds the options to the root command; every subcommand inherits them. Each command tree gets its own option
    /// objects (a shared one would collect every tree it was ever added to as a parent).
    /// </summary>
    public static void AddTo(RootCommand root)
    {
        (string Name, string Description)[] options =
        [
            (DeviceBytes, $"Cap on memory backends' total capacity (default {ResourceLimits.FormatBytes(ResourceLimits.Default.MaxDeviceBytes)})."),
            (RequestBytes, $"Cap on one read/write region's or check's buffer (default {ResourceLimits.FormatBytes(ResourceLimits.Default.MaxRequestBytes)}, at most 1GiB)."),
            (PoolObjects, $"Cap on the io objects of the client and of the legacy pool (default {ResourceLimits.Default.MaxPoolObjects})."),
            (Steps, $"Cap on a scenario's or session's steps (default {ResourceLimits.Default.MaxSteps})."),
            (VirtualTime, "Cap on the virtual clock, e.g. 3600s (default 86400s)."),
            (InputBytes, $"Cap on a scenario file's or a serve request line's size (default {ResourceLimits.FormatBytes(ResourceLimits.Default.MaxInputBytes)})."),
        ];
        foreach ((string name, string description) in options)
        {
            root.Options.Add(new Option<string?>(name) { Description = description, Recursive = true });
        }
    }

    /// <summary>Reads the caps given on the command line over the defaults; on a bad value reports it and returns null.</summary>
    public static ResourceLimits? Read(ParseResult parse, CliContext context)
    {
        ResourceLimits limits = ResourceLimits.Default;
        try
        {
            limits = limits with
            {
                MaxDeviceBytes = Value(parse, DeviceBytes, ParseBytes, limits.MaxDeviceBytes),
                MaxRequestBytes = Value(parse, RequestBytes, ParseBytes, limits.MaxRequestBytes),
                MaxPoolObjects = (int)Value(parse, PoolObjects, t => ParseCount(t, int.MaxValue), limits.MaxPoolObjects),
                MaxSteps = (int)Value(parse, Steps, t => ParseCount(t, int.MaxValue), limits.MaxSteps),
                MaxVirtualNanoseconds = Value(parse, VirtualTime, FaultRuleSyntax.ParseDuration, limits.MaxVirtualNanoseconds),
                MaxInputBytes = Value(parse, InputBytes, ParseBytes, limits.MaxInputBytes),
            };
            limits.Validate();
            return limits;
        }
        catch (OptionValueException e)
        {
            context.BadInput(e.Message);
            return null;
        }
        catch (ArgumentOutOfRangeException e)
        {
            string option = e.ParamName switch
            {
                nameof(ResourceLimits.MaxDeviceBytes) => DeviceBytes,
                nameof(ResourceLimits.MaxRequestBytes) => RequestBytes,
                nameof(ResourceLimits.MaxPoolObjects) => PoolObjects,
                nameof(ResourceLimits.MaxSteps) => Steps,
                nameof(ResourceLimits.MaxInputBytes) => InputBytes,
                _ => VirtualTime,
            };
            string range = option == RequestBytes ? " sector (512) and at most 1GiB" : option == InputBytes ? " and at most 2GiB" : option == PoolObjects ? $" and at most {DmIoClient.MaxIoCapacity}" : string.Empty;
            context.BadInput($"{option}: must be at least 1{range}");
            return null;
        }
    }

    private static long Value(ParseResult parse, string option, Func<string, long> parser, long fallback)
    {
        if (parse.GetValue<string?>(option) is not { } text)
        {
            return fallback;
        }

        try
        {
            return parser(text);
        }
        catch (FormatException e)
        {
            throw new OptionValueException($"{option}: {e.Message}");
        }
    }

    /// <summary>Bytes: digits, optionally followed by K, M, G or T (binary units; KiB, MiB, ... are the same).</summary>
    internal static long ParseBytes(string text)
    {
        string t = text.Trim();
        int shift = 0;
        foreach ((string suffix, int s) in new[] { ("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10), ("T", 40), ("G", 30), ("M", 20), ("K", 10) })
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                t = t[..^suffix.Length];
                shift = s;
                break;
            }
        }

        long value = ParseCount(t, long.MaxValue >> shift);
        return value << shift;
    }

    private static long ParseCount(string text, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > max)
        {
            throw new FormatException($"'{text}' is not a whole number from 1 to {max} (sizes take K, M, G or T)");
        }

        return value;
    }

    private sealed class OptionValueException(string message) : Exception(message);
}
