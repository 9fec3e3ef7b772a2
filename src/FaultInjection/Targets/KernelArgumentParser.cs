using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// Parses table arguments the way the kernel's targets do (<c>sscanf("%llu%c")</c>, <c>dm_read_arg</c>), and
/// throws <see cref="TableSyntaxException"/> naming the field, with the kernel's own <c>ti-&gt;error</c> text.
/// </summary>
internal static class KernelArgumentParser
{
    /// <summary>Parses an unsigned decimal sector number (an offset).</summary>
    /// <param name="args">The line.</param>
    /// <param name="index">Argument index.</param>
    /// <param name="field">Field name for the error.</param>
    /// <param name="kernelError">The kernel's error text.</param>
    /// <returns>The value, at most <see cref="long.MaxValue"/>.</returns>
    public static long Sector(TargetArguments args, int index, string field, string kernelError) => args.KernelSector(index, field, kernelError);

    /// <summary>
    /// Parses an unsigned 32-bit decimal in [<paramref name="min"/>, <paramref name="max"/>] as <c>sscanf("%u%c")</c> and
    /// <c>dm_read_arg</c> do (see <see cref="KernelScan"/>: digits only, truncated to 32 bits).
    /// </summary>
    /// <param name="args">The line.</param>
    /// <param name="index">Argument index.</param>
    /// <param name="field">Field name for the error.</param>
    /// <param name="min">Smallest allowed.</param>
    /// <param name="max">Largest allowed.</param>
    /// <param name="kernelError">The kernel's error text.</param>
    /// <returns>The value.</returns>
    public static uint UInt(TargetArguments args, int index, string field, uint min, uint max, string kernelError)
    {
        if (index >= args.Args.Count)
        {
            throw args.KernelError(field, kernelError, "missing");
        }

        string text = args.Args[index];
        if (!KernelScan.TryUnsigned32(text, out uint value) || value < min || value > max)
        {
            throw args.KernelError(field, kernelError, $"'{text}' (allowed {min}..{max})");
        }

        return value;
    }

    /// <summary>
    /// Resolves a named device and checks that <paramref name="offset"/> plus the line's length fits on it, as the
    /// kernel's <c>dm_get_device</c> / <c>device_area_is_invalid</c> do.
    /// </summary>
    /// <param name="args">The line.</param>
    /// <param name="index">Argument index of the device name.</param>
    /// <param name="field">Field name for the error.</param>
    /// <param name="offset">The sector offset on that device.</param>
    /// <param name="offsetField">Field name of the offset, blamed when the area does not fit.</param>
    /// <returns>The device.</returns>
    public static IBlockDevice Device(TargetArguments args, int index, string field, long offset, string offsetField) =>
        args.KernelDevice(index, field, offset, offsetField);

    /// <summary>Case-insensitive comparison, as the kernel's <c>strcasecmp</c>.</summary>
    /// <param name="text">The argument.</param>
    /// <param name="keyword">The keyword.</param>
    /// <returns>True when equal ignoring ASCII case.</returns>
    public static bool Is(string? text, string keyword) => string.Equals(text, keyword, StringComparison.OrdinalIgnoreCase);
}
