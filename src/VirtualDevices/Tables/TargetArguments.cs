using System.Globalization;

namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// One parsed table line handed to a target factory: <c>&lt;start&gt; &lt;length&gt; &lt;target&gt; &lt;args...&gt;</c>,
/// plus what a factory needs to build its device (named devices, the scheduler, the seeded random source).
/// Parsing helpers throw <see cref="TableSyntaxException"/> quoting the line and naming the field.
/// </summary>
public sealed class TargetArguments
{
    /// <summary>Creates the arguments for one line.</summary>
    /// <param name="deviceName">The name the table's device will have.</param>
    /// <param name="lineNumber">1-based line number.</param>
    /// <param name="line">The line, verbatim.</param>
    /// <param name="startSector">The line's first sector within the table's device.</param>
    /// <param name="lengthSectors">The line's length in sectors.</param>
    /// <param name="targetName">The target type (linear, striped, flakey, ...).</param>
    /// <param name="args">The target's arguments after the target name.</param>
    /// <param name="resolveDevice">Looks up a named device; returns null when there is none.</param>
    /// <param name="scheduler">The scheduler devices complete on.</param>
    /// <param name="random">The seeded random source for targets that make random choices.</param>
    public TargetArguments(string deviceName, int lineNumber, string line, long startSector, long lengthSectors, string targetName,
        IReadOnlyList<string> args, Func<string, IBlockDevice?> resolveDevice, IIoScheduler scheduler, DeterministicRandom random)
    {
        DeviceName = deviceName;
        LineNumber = lineNumber;
        Line = line;
        StartSector = startSector;
        LengthSectors = lengthSectors;
        TargetName = targetName;
        Args = args;
        ResolveDevice = resolveDevice;
        Scheduler = scheduler;
        Random = random;
    }

    /// <summary>The name the table's device will have.</summary>
    public string DeviceName { get; }

    /// <summary>1-based line number.</summary>
    public int LineNumber { get; }

    /// <summary>The line, verbatim.</summary>
    public string Line { get; }

    /// <summary>The line's first sector within the table's device.</summary>
    public long StartSector { get; }

    /// <summary>The line's length in sectors: the capacity of the device the factory builds.</summary>
    public long LengthSectors { get; }

    /// <summary>The target type.</summary>
    public string TargetName { get; }

    /// <summary>The target's arguments.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>Looks up a named device; returns null when there is none.</summary>
    public Func<string, IBlockDevice?> ResolveDevice { get; }

    /// <summary>The scheduler devices complete on.</summary>
    public IIoScheduler Scheduler { get; }

    /// <summary>The seeded random source.</summary>
    public DeterministicRandom Random { get; }

    /// <summary>Builds the exception for a bad field.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The exception, to throw.</returns>
    public TableSyntaxException Error(string field, string problem) => new(LineNumber, Line, field, problem);

    /// <summary>Builds the exception for a field a kernel target refuses, carrying the kernel's own text.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="kernelMessage">The kernel's error text, verbatim (it becomes <see cref="TableSyntaxException.KernelMessage"/>).</param>
    /// <param name="detail">What the kernel does not say (the offending text, the allowed range); null for none.</param>
    /// <returns>The exception, to throw.</returns>
    public TableSyntaxException KernelError(string field, string kernelMessage, string? detail = null) =>
        new(LineNumber, Line, field, detail is null ? kernelMessage : $"{kernelMessage}: {detail}", kernelMessage);

    /// <summary>
    /// Parses the argument at <paramref name="index"/> as a sector number the way kernel targets do
    /// (<c>sscanf("%llu%c")</c>: decimal digits and nothing else).
    /// </summary>
    /// <param name="index">0-based index into <see cref="Args"/>.</param>
    /// <param name="field">The field's name for the error.</param>
    /// <param name="kernelMessage">The kernel's error text for a bad value (for example <c>Invalid device sector</c>).</param>
    /// <returns>The value.</returns>
    public long KernelSector(int index, string field, string kernelMessage)
    {
        string text = Text(index, field);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw KernelError(field, kernelMessage, $"'{text}'");
    }

    /// <summary>
    /// Parses the argument at <paramref name="index"/> as the kernel's <c>kstrtouint(text, 10, ...)</c> does (see
    /// <see cref="KernelScan.TryKstrtou32"/>), refusing zero as the striped target does for its counts.
    /// </summary>
    /// <param name="index">0-based index into <see cref="Args"/>.</param>
    /// <param name="field">The field's name for the error.</param>
    /// <param name="kernelMessage">The kernel's error text for a bad or zero value.</param>
    /// <returns>The value, at least 1.</returns>
    public uint KernelPositiveUInt(int index, string field, string kernelMessage)
    {
        string text = Text(index, field);
        return KernelScan.TryKstrtou32(text, out uint value) && value != 0
            ? value
            : throw KernelError(field, kernelMessage, $"'{text}' (allowed 1..{uint.MaxValue})");
    }

    /// <summary>
    /// Resolves the argument at <paramref name="index"/> as a named device the way kernel targets do
    /// (<c>dm_get_device</c>, failing with <c>Device lookup failed</c>), then checks that <paramref name="offset"/> plus the
    /// line's length fits on it, as device-mapper's <c>device_area_is_invalid</c> does when the table is loaded (its
    /// logged text names the table's device, then the device that is too small).
    /// </summary>
    /// <param name="index">0-based index of the device name in <see cref="Args"/>.</param>
    /// <param name="field">The field's name for the error.</param>
    /// <param name="offset">The sector offset on that device.</param>
    /// <param name="offsetField">The offset's field name, blamed when the area does not fit.</param>
    /// <returns>The device.</returns>
    public IBlockDevice KernelDevice(int index, string field, long offset, string offsetField)
    {
        string name = Text(index, field);
        IBlockDevice device = ResolveDevice(name) ?? throw KernelError(field, "Device lookup failed", $"no device named '{name}'");
        if (offset > device.CapacitySectors - LengthSectors)
        {
            string logged = $"{DeviceName}: {name} too small for target: start={offset}, len={LengthSectors}, dev_size={device.CapacitySectors}";
            throw KernelError(offsetField, logged);
        }

        return device;
    }

    /// <summary>Throws unless there are between <paramref name="min"/> and <paramref name="max"/> arguments.</summary>
    /// <param name="min">The fewest allowed.</param>
    /// <param name="max">The most allowed.</param>
    public void RequireCount(int min, int max)
    {
        if (Args.Count < min || Args.Count > max)
        {
            string expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw Error("arguments", $"{TargetName} takes {expected} argument(s), got {Args.Count}");
        }
    }

    /// <summary>The argument at <paramref name="index"/>, or an error naming <paramref name="field"/> when missing.</summary>
    /// <param name="index">0-based index into <see cref="Args"/>.</param>
    /// <param name="field">The field's name for the error.</param>
    /// <returns>The text.</returns>
    public string Text(int index, string field) =>
        index < Args.Count ? Args[index] : throw Error(field, "missing");

    /// <summary>Parses the argument at <paramref name="index"/> as an integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="index">0-based index into <see cref="Args"/>.</param>
    /// <param name="field">The field's name for the error.</param>
    /// <param name="min">The smallest allowed value.</param>
    /// <param name="max">The largest allowed value.</param>
    /// <returns>The value.</returns>
    public long Integer(int index, string field, long min = 0, long max = long.MaxValue)
    {
        string text = Text(index, field);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw Error(field, $"'{text}' is not a non-negative integer");
        }

        if (value < min || value > max)
        {
            throw Error(field, $"{value} is outside {min}..{max}");
        }

        return value;
    }

    /// <summary>Resolves the argument at <paramref name="index"/> as a named device.</summary>
    /// <param name="index">0-based index into <see cref="Args"/>.</param>
    /// <param name="field">The field's name for the error.</param>
    /// <returns>The device.</returns>
    public IBlockDevice Device(int index, string field)
    {
        string name = Text(index, field);
        return ResolveDevice(name) ?? throw Error(field, $"no device named '{name}'");
    }
}
