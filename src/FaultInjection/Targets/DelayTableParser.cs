using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// Parses a delay table line as the kernel's <c>delay_ctr</c> / <c>delay_class_ctr</c> do:
/// <c>&lt;device&gt; &lt;offset&gt; &lt;delay&gt; [&lt;write_device&gt; &lt;write_offset&gt; &lt;write_delay&gt; [&lt;flush_device&gt; &lt;flush_offset&gt; &lt;flush_delay&gt;]]</c>.
/// </summary>
internal static class DelayTableParser
{
    /// <summary>Parses <paramref name="args"/>; throws <see cref="TableSyntaxException"/> naming the bad field.</summary>
    /// <param name="args">The line.</param>
    /// <returns>The read route, and the write and flush routes when the line gives them (6 or 9 arguments).</returns>
    public static (DelayRoute Read, DelayRoute? Write, DelayRoute? Flush) Parse(TargetArguments args)
    {
        int count = args.Args.Count;
        if (count != 3 && count != 6 && count != 9)
        {
            throw args.KernelError("arguments", "Requires exactly 3, 6 or 9 arguments", $"got {count}");
        }

        DelayRoute read = ParseRoute(args, 0, string.Empty);
        DelayRoute? write = count >= 6 ? ParseRoute(args, 3, "write_") : null;
        DelayRoute? flush = count == 9 ? ParseRoute(args, 6, "flush_") : null;
        return (read, write, flush);
    }

    private static DelayRoute ParseRoute(TargetArguments args, int index, string prefix)
    {
        long offset = KernelArgumentParser.Sector(args, index + 1, prefix + "offset", "Invalid device sector");
        uint delay = KernelArgumentParser.UInt(args, index + 2, prefix + "delay", 0, uint.MaxValue, "Invalid delay");
        IBlockDevice device = KernelArgumentParser.Device(args, index, prefix + "device", offset, prefix + "offset");
        return new DelayRoute(device, offset, delay);
    }
}
