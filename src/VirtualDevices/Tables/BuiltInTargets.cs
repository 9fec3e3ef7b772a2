namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// Factories for the targets every registry starts with, with Linux 6.12's argument syntax, checks and error texts
/// (<see cref="TableSyntaxException.KernelMessage"/>): <c>linear &lt;dev&gt; &lt;offset&gt;</c> (<c>linear_ctr</c>),
/// <c>striped &lt;#stripes&gt; &lt;chunk_size&gt; (&lt;dev&gt; &lt;offset&gt;)+</c> (<c>stripe_ctr</c>), <c>zero</c>
/// (<c>zero_ctr</c>) and <c>error [&lt;dev&gt; &lt;offset&gt;]</c> (<c>io_err_ctr</c>). Each checks its arguments with named
/// fields before building anything.
/// </summary>
public static class BuiltInTargets
{
    /// <summary>Registers linear, striped, zero and error in <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry to fill; none of the four names may be registered yet.</param>
    public static void RegisterAll(TargetRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("linear", Linear);
        registry.Register("striped", Striped);
        registry.Register("zero", Zero);
        registry.Register("error", Error);
    }

    /// <summary>Builds a <see cref="LinearDevice"/> from <c>&lt;dev&gt; &lt;offset&gt;</c>, as 6.12's <c>linear_ctr</c>.</summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Linear(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Args.Count != 2)
        {
            throw args.KernelError("arguments", "Invalid argument count", $"linear takes 2 argument(s), got {args.Args.Count}");
        }

        long offset = args.KernelSector(1, "offset", "Invalid device sector");
        IBlockDevice lower = args.KernelDevice(0, "device", offset, "offset");
        CheckAlignment(args, lower, offset, "offset");
        return new LinearDevice(SegmentName(args), lower, offset, args.LengthSectors);
    }

    /// <summary>
    /// Builds a <see cref="StripedDevice"/> from <c>&lt;#stripes&gt; &lt;chunk_size&gt; (&lt;dev&gt; &lt;offset&gt;)+</c>, as 6.12's
    /// <c>stripe_ctr</c>: counts, then divisibility, then the number of destinations, then each destination.
    /// </summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Striped(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Args.Count < 2)
        {
            throw args.KernelError("arguments", "Not enough arguments", $"striped takes at least 2 argument(s), got {args.Args.Count}");
        }

        uint stripes = args.KernelPositiveUInt(0, "#stripes", "Invalid stripe count");
        uint chunk = args.KernelPositiveUInt(1, "chunk_size", "Invalid chunk_size");
        if (args.LengthSectors % stripes != 0)
        {
            throw args.KernelError("#stripes", "Target length not divisible by number of stripes",
                $"the length ({args.LengthSectors} sectors) does not divide into {stripes} stripes");
        }

        long width = args.LengthSectors / stripes;
        if (width % chunk != 0)
        {
            throw args.KernelError("chunk_size", "Target length not divisible by chunk size",
                $"each stripe's {width} sectors is not a whole number of {chunk}-sector chunks");
        }

        if (args.Args.Count != 2 + (2L * stripes))
        {
            throw args.KernelError("arguments", "Not enough destinations specified",
                $"{stripes} stripes take {2 + (2L * stripes)} argument(s), got {args.Args.Count}");
        }

        var legs = new StripeLeg[stripes];
        int logicalBlockSize = DmIoConstants.SectorSize;
        for (int i = 0; i < legs.Length; i++)
        {
            IBlockDevice device = Destination(args, i, width, out long offset);
            legs[i] = new StripeLeg(device, offset);
            logicalBlockSize = Math.Max(logicalBlockSize, device.Limits.LogicalBlockSize);
        }

        if (!SectorMath.IsWholeBlocks(chunk, logicalBlockSize))
        {
            throw args.Error("chunk_size", $"{chunk} sectors is not a whole number of the legs' {logicalBlockSize}-byte logical blocks");
        }

        return new StripedDevice(SegmentName(args), legs, chunk, args.LengthSectors);
    }

    /// <summary>Builds a <see cref="ZeroDevice"/>; as 6.12's <c>zero_ctr</c>, the line takes no arguments.</summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Zero(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Args.Count != 0)
        {
            throw args.KernelError("arguments", "No arguments required", $"zero takes 0 argument(s), got {args.Args.Count}");
        }

        return new ZeroDevice(SegmentName(args), args.LengthSectors);
    }

    /// <summary>
    /// Builds an <see cref="ErrorDevice"/> as 6.12's <c>io_err_ctr</c> does: <c>&lt;device&gt; &lt;offset&gt;</c> when the
    /// line has exactly two arguments, any other arguments ignored.
    /// </summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Error(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return ErrorDevice.FromTable(args, SegmentName(args), observer: null);
    }

    /// <summary>The name a line's device gets in traces: the table's name and the line's start sector.</summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>For example <c>vol0@2048</c>.</returns>
    public static string SegmentName(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return $"{args.DeviceName}@{args.StartSector}";
    }

    // One <dev> <offset> pair (get_stripe): a bad offset or an unknown device is "Couldn't parse stripe destination";
    // an area past the device's end fails as device-mapper's area check does, with the stripe's width as length.
    private static IBlockDevice Destination(TargetArguments args, int stripe, long width, out long offset)
    {
        int at = 2 + (2 * stripe);
        string offsetText = args.Args[at + 1];
        string name = args.Args[at];
        if (!long.TryParse(offsetText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset))
        {
            throw args.KernelError($"stripe {stripe} offset", "Couldn't parse stripe destination", $"'{offsetText}' is not a sector");
        }

        IBlockDevice device = args.ResolveDevice(name)
            ?? throw args.KernelError($"stripe {stripe} device", "Couldn't parse stripe destination", $"no device named '{name}'");
        if (offset > device.CapacitySectors - width)
        {
            throw args.KernelError($"stripe {stripe} offset", $"{args.DeviceName}: {name} too small for target: start={offset}, len={width}, dev_size={device.CapacitySectors}",
                $"{offset}+{width} sectors runs past the end of '{name}'");
        }

        CheckAlignment(args, device, offset, $"stripe {stripe} offset");
        return device;
    }

    private static void CheckAlignment(TargetArguments args, IBlockDevice device, long offset, string field)
    {
        if (!SectorMath.IsWholeBlocks(offset, device.Limits.LogicalBlockSize))
        {
            throw args.Error(field, $"{offset} is not aligned to '{device.Name}''s {device.Limits.LogicalBlockSize}-byte logical blocks");
        }
    }
}
