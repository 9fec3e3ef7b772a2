using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// Parses a flakey table line exactly as Linux 6.12's <c>flakey_ctr</c> and <c>parse_features</c> do, in the same order
/// and with the same error texts (<see cref="TableSyntaxException.KernelMessage"/>):
/// <c>&lt;dev&gt; &lt;offset&gt; &lt;up&gt; &lt;down&gt; [&lt;num_features&gt; [&lt;features&gt;]]</c>, at most 11 feature arguments.
/// </summary>
/// <remarks>
/// 6.12 behaviours kept on purpose (later kernels changed some of them): a feature given twice is refused only for
/// error_reads, drop_writes and error_writes; a repeated corrupt_bio_byte, random_read_corrupt or random_write_corrupt
/// replaces the earlier one; the only combinations refused are error_writes with drop_writes and either of them with
/// <c>corrupt_bio_byte ... w</c>; random corruption combines with anything (reads that error_reads fails, or writes that
/// drop_writes/error_writes handle, are simply never corrupted). corrupt_bio_byte reads its four values from the
/// whole line, not just the feature group, and the group's count runs below zero when they overrun it, so parsing
/// then goes on until the words run out (<c>Insufficient feature arguments</c>) or a later feature is refused.
/// Words after the feature group are ignored.
/// </remarks>
internal static class FlakeyTableParser
{
    private const uint MaxFeatureArgs = 11; // parse_features: {0, 11, "Invalid number of feature args"}

    /// <summary>Parses <paramref name="args"/>; throws <see cref="TableSyntaxException"/> naming the bad field.</summary>
    /// <param name="args">The line.</param>
    /// <returns>The device beneath, the offset on it and the configuration.</returns>
    public static (IBlockDevice Lower, long Offset, FlakeyConfiguration Configuration) Parse(TargetArguments args)
    {
        if (args.Args.Count < 4)
        {
            throw args.KernelError("arguments", "Invalid argument count", $"flakey takes at least 4 arguments, got {args.Args.Count}");
        }

        var set = new KernelArgSet(args, 2); // after <dev> and <offset>
        long offset = KernelArgumentParser.Sector(args, 1, "offset", "Invalid device sector");
        uint up = set.Read("up_interval", 0, uint.MaxValue, "Invalid up interval");
        uint down = set.Read("down_interval", 0, uint.MaxValue, "Invalid down interval");
        if ((ulong)up + down == 0)
        {
            throw args.KernelError("down_interval", "Total (up + down) interval is zero");
        }

        if ((ulong)up + down > uint.MaxValue)
        {
            throw args.KernelError("down_interval", "Interval overflow");
        }

        FlakeyConfiguration configuration = ParseFeatures(set, new FlakeyConfiguration { UpIntervalSeconds = up, DownIntervalSeconds = down });
        IBlockDevice lower = KernelArgumentParser.Device(args, 0, "dev", offset, "offset");
        return (lower, offset, configuration);
    }

    private static FlakeyConfiguration ParseFeatures(KernelArgSet set, FlakeyConfiguration configuration)
    {
        TargetArguments args = set.Line;
        // No features, or none that change anything, leave error_reads and error_writes implied (ErrorsAllIo).
        long argc = set.Count == 0 ? 0 : set.ReadGroup("num_features", 0, MaxFeatureArgs, "Invalid number of feature args");
        while (argc != 0)
        {
            string? name = set.Shift();
            argc--;
            if (name is null)
            {
                throw args.KernelError("feature", "Insufficient feature arguments");
            }

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
                Require(argc != 0, args, "corrupt_bio_byte", "Feature corrupt_bio_byte requires parameters");
                configuration = configuration with { CorruptBioByte = ReadCorruptBioByte(set) };
                argc -= 4;
            }
            else if (KernelArgumentParser.Is(name, "random_read_corrupt"))
            {
                Require(argc != 0, args, "random_read_corrupt", "Feature random_read_corrupt requires a parameter");
                configuration = configuration with { RandomReadCorrupt = ReadProbability(set, "random_read_corrupt") };
                argc--;
            }
            else if (KernelArgumentParser.Is(name, "random_write_corrupt"))
            {
                Require(argc != 0, args, "random_write_corrupt", "Feature random_write_corrupt requires a parameter");
                configuration = configuration with { RandomWriteCorrupt = ReadProbability(set, "random_write_corrupt") };
                argc--;
            }
            else
            {
                throw args.KernelError("feature", "Unrecognised flakey feature requested", $"'{name}'");
            }
        }

        (string Field, string Problem)? conflict = configuration.FindProblem();
        return conflict is null ? configuration : throw args.KernelError(conflict.Value.Field, conflict.Value.Problem);
    }

    // <Nth_byte> <direction> <value> <bio_flags>, each read from the whole line as the kernel reads them.
    private static FlakeyCorruptBioByte ReadCorruptBioByte(KernelArgSet set)
    {
        uint nth = set.Read("Nth_byte", 1, uint.MaxValue, "Invalid corrupt bio byte");
        string? direction = set.Shift();
        FlakeyDirection parsed = KernelArgumentParser.Is(direction, "w") ? FlakeyDirection.Write
            : KernelArgumentParser.Is(direction, "r") ? FlakeyDirection.Read
            : throw set.Line.KernelError("direction", "Invalid corrupt bio direction (r or w)", direction is null ? "missing" : $"'{direction}'");
        uint value = set.Read("value", 0, 255, "Invalid corrupt value to write into bio byte (0-255)");
        uint flags = set.Read("flags", 0, uint.MaxValue, "Invalid corrupt bio flags mask");
        return new FlakeyCorruptBioByte(nth, parsed, (byte)value, flags);
    }

    private static uint ReadProbability(KernelArgSet set, string field) =>
        set.Read(field, 0, FlakeyConfiguration.ProbabilityBase, "Invalid random corrupt argument");

    private static void Require(bool condition, TargetArguments args, string field, string kernelError)
    {
        if (!condition)
        {
            throw args.KernelError(field, kernelError);
        }
    }
}
