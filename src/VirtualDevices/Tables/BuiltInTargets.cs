namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// Factories for the targets every registry starts with, with the kernel's argument syntax and checks:
/// <c>linear &lt;dev&gt; &lt;offset&gt;</c>, <c>striped &lt;#stripes&gt; &lt;chunk_size&gt; (&lt;dev&gt; &lt;offset&gt;)+</c>,
/// <c>zero</c> and <c>error</c>. Each checks its arguments with named fields before building anything.
/// </summary>
public static class BuiltInTargets
{
    /// <summary>The most legs a striped line may name (a sanity bound; the kernel's is similar in spirit).</summary>
    public const int MaxStripes = 1024;

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

    /// <summary>Builds a <see cref="LinearDevice"/> from <c>&lt;dev&gt; &lt;offset&gt;</c>.</summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Linear(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        args.RequireCount(2, 2);
        IBlockDevice lower = args.Device(0, "device");
        long offset = args.Integer(1, "offset");
        CheckWindow(args, lower, offset, args.LengthSectors, "offset");
        return new LinearDevice(SegmentName(args), lower, offset, args.LengthSectors);
    }

    /// <summary>Builds a <see cref="StripedDevice"/> from <c>&lt;#stripes&gt; &lt;chunk_size&gt; (&lt;dev&gt; &lt;offset&gt;)+</c>.</summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Striped(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int stripes = (int)args.Integer(0, "#stripes", 1, MaxStripes);
        long chunk = args.Integer(1, "chunk_size", 1);
        args.RequireCount(2 + (2 * stripes), 2 + (2 * stripes));
        if (args.LengthSectors % stripes != 0)
        {
            throw args.Error("#stripes", $"the length ({args.LengthSectors} sectors) does not divide into {stripes} stripes");
        }

        long width = args.LengthSectors / stripes;
        if (width % chunk != 0)
        {
            throw args.Error("chunk_size", $"each stripe's {width} sectors is not a whole number of {chunk}-sector chunks");
        }

        var legs = new StripeLeg[stripes];
        int logicalBlockSize = DmIoConstants.SectorSize;
        for (int i = 0; i < stripes; i++)
        {
            IBlockDevice device = args.Device(2 + (2 * i), $"stripe {i} device");
            long offset = args.Integer(3 + (2 * i), $"stripe {i} offset");
            CheckWindow(args, device, offset, width, $"stripe {i} offset");
            legs[i] = new StripeLeg(device, offset);
            logicalBlockSize = Math.Max(logicalBlockSize, device.Limits.LogicalBlockSize);
        }

        if (!SectorMath.IsWholeBlocks(chunk, logicalBlockSize))
        {
            throw args.Error("chunk_size", $"{chunk} sectors is not a whole number of the legs' {logicalBlockSize}-byte logical blocks");
        }

        return new StripedDevice(SegmentName(args), legs, chunk, args.LengthSectors);
    }

    /// <summary>Builds a <see cref="ZeroDevice"/>; the line takes no arguments.</summary>
    /// <param name="args">The parsed line.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Zero(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        args.RequireCount(0, 0);
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

    private static void CheckWindow(TargetArguments args, IBlockDevice device, long offset, long length, string field)
    {
        if (offset > device.CapacitySectors - length)
        {
            throw args.Error(field, $"{offset}+{length} sectors runs past the end of '{device.Name}' ({device.CapacitySectors} sectors)");
        }

        if (!SectorMath.IsWholeBlocks(offset, device.Limits.LogicalBlockSize))
        {
            throw args.Error(field, $"{offset} is not aligned to '{device.Name}''s {device.Limits.LogicalBlockSize}-byte logical blocks");
        }
    }
}
