using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// Parses a flakey table line the way the kernel's <c>flakey_ctr</c> and <c>parse_features</c> do, in the same
/// order and with the same error texts: <c>&lt;dev&gt; &lt;offset&gt; &lt;up&gt; &lt;down&gt; [&lt;num_features&gt; [&lt;features&gt;]]</c>.
/// </summary>
internal static class FlakeyTableParser
{
    private const int MaxFeatureArgs = 11; // the kernel's bound on <num_features>

    /// <summary>Parses <paramref name="args"/>; throws <see cref="TableSyntaxException"/> naming the bad field.</summary>
    /// <param name="args">The line.</param>
    /// <returns>The device beneath, the offset on it and the configuration.</returns>
    public static (IBlockDevice Lower, long Offset, FlakeyConfiguration Configuration) Parse(TargetArguments args)
    {
        if (args.Args.Count < 4)
        {
            throw args.Error("arguments", $"Invalid argument count: flakey takes at least 4 arguments, got {args.Args.Count}");
        }

        long offset = KernelArgumentParser.Sector(args, 1, "offset", "Invalid device sector");
        uint up = KernelArgumentParser.UInt(args, 2, "up_interval", 0, uint.MaxValue, "Invalid up interval");
        uint down = KernelArgumentParser.UInt(args, 3, "down_interval", 0, uint.MaxValue, "Invalid down interval");
        var configuration = new FlakeyConfiguration { UpIntervalSeconds = up, DownIntervalSeconds = down };
        if ((ulong)up + down == 0)
        {
            throw args.Error("down_interval", "Total (up + down) interval is zero");
        }

        if ((ulong)up + down > uint.MaxValue)
        {
            throw args.Error("down_interval", "Interval overflow");
        }

        configuration = ParseFeatures(args, 4, configuration);
        IBlockDevice lower = KernelArgumentParser.Device(args, 0, "dev", offset, "offset");
        return (lower, offset, configuration);
    }

    // Arguments after the feature group are ignored, as the kernel's constructor ignores them.
    private static FlakeyConfiguration ParseFeatures(TargetArguments args, int index, FlakeyConfiguration configuration)
    {
        if (index >= args.Args.Count)
        {
            return configuration;
        }

        int available = args.Args.Count - index - 1;
        uint count = KernelArgumentParser.UInt(args, index, "num_features", 0, MaxFeatureArgs, "Invalid number of feature args");
        if (count > available)
        {
            throw args.Error("num_features", $"Invalid number of feature args: {count} announced, {available} present");
        }

        int next = index + 1;
        int end = next + (int)count;
        while (next < end)
        {
            string name = args.Args[next++];
            int remaining = end - next;
            if (KernelArgumentParser.Is(name, "error_reads"))
            {
                Require(!configuration.ErrorReads, args, "error_reads", "Feature error_reads duplicated");
                configuration = configuration with { ErrorReads = true };
            }
            else if (KernelArgumentParser.Is(name, "drop_writes"))
            {
                Require(!configuration.DropWrites, args, "drop_writes", "Feature drop_writes duplicated");
                Require(!configuration.ErrorWrites, args, "drop_writes", "Feature drop_writes conflicts with feature error_writes");
                configuration = configuration with { DropWrites = true };
            }
            else if (KernelArgumentParser.Is(name, "error_writes"))
            {
                Require(!configuration.ErrorWrites, args, "error_writes", "Feature error_writes duplicated");
                Require(!configuration.DropWrites, args, "error_writes", "Feature error_writes conflicts with feature drop_writes");
                configuration = configuration with { ErrorWrites = true };
            }
            else if (KernelArgumentParser.Is(name, "corrupt_bio_byte"))
            {
                Require(configuration.CorruptBioByte is null, args, "corrupt_bio_byte", "Feature corrupt_bio_byte duplicated");
                Require(remaining >= 4, args, "corrupt_bio_byte", "Feature corrupt_bio_byte requires 4 parameters");
                configuration = configuration with { CorruptBioByte = ParseCorruptBioByte(args, next) };
                next += 4;
            }
            else if (KernelArgumentParser.Is(name, "random_read_corrupt"))
            {
                // The kernel tests the stored value, so a second occurrence after a 0 is not a duplicate.
                Require(configuration.RandomReadCorrupt == 0, args, "random_read_corrupt", "Feature random_read_corrupt duplicated");
                Require(remaining >= 1, args, "random_read_corrupt", "Feature random_read_corrupt requires a parameter");
                configuration = configuration with { RandomReadCorrupt = Probability(args, next++, "random_read_corrupt") };
            }
            else if (KernelArgumentParser.Is(name, "random_write_corrupt"))
            {
                Require(configuration.RandomWriteCorrupt == 0, args, "random_write_corrupt", "Feature random_write_corrupt duplicated");
                Require(remaining >= 1, args, "random_write_corrupt", "Feature random_write_corrupt requires a parameter");
                configuration = configuration with { RandomWriteCorrupt = Probability(args, next++, "random_write_corrupt") };
            }
            else
            {
                throw args.Error("feature", $"Unrecognised flakey feature requested: '{name}'");
            }
        }

        (string Field, string Problem)? conflict = configuration.FindProblem();
        return conflict is null ? configuration : throw args.Error(conflict.Value.Field, conflict.Value.Problem);
    }

    private static FlakeyCorruptBioByte ParseCorruptBioByte(TargetArguments args, int index)
    {
        uint nth = KernelArgumentParser.UInt(args, index, "Nth_byte", 1, uint.MaxValue, "Invalid corrupt bio byte");
        string direction = args.Args[index + 1];
        FlakeyDirection parsed = KernelArgumentParser.Is(direction, "w") ? FlakeyDirection.Write
            : KernelArgumentParser.Is(direction, "r") ? FlakeyDirection.Read
            : throw args.Error("direction", $"Invalid corrupt bio direction (r or w): '{direction}'");
        uint value = KernelArgumentParser.UInt(args, index + 2, "value", 0, 255, "Invalid corrupt value to write into bio byte (0-255)");
        uint flags = KernelArgumentParser.UInt(args, index + 3, "flags", 0, uint.MaxValue, "Invalid corrupt bio flags mask");
        return new FlakeyCorruptBioByte(nth, parsed, (byte)value, flags);
    }

    private static uint Probability(TargetArguments args, int index, string field) =>
        KernelArgumentParser.UInt(args, index, field, 0, FlakeyConfiguration.ProbabilityBase, "Invalid random corrupt argument");

    private static void Require(bool condition, TargetArguments args, string field, string kernelError)
    {
        if (!condition)
        {
            throw args.Error(field, kernelError);
        }
    }
}
