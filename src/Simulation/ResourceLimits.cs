using System.Globalization;

namespace DmIo.Simulation;

/// <summary>
/// Caps on what one scenario or serve session may ask for, so an untrusted input is refused at load time (with the
/// JSON path of the field that crosses a cap, exit 2 in the CLI) instead of exhausting the machine mid-run. The CLI
/// overrides each with a flag (<c>--max-device-bytes</c>, <c>--max-request-bytes</c>, <c>--max-pool-objects</c>,
/// <c>--max-steps</c>, <c>--max-virtual-time</c>, <c>--max-input-bytes</c>); docs/SCENARIOS.md lists them.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>The default caps: ample for every shipped scenario, small enough that a hostile file cannot take a machine.</summary>
    public static ResourceLimits Default { get; } = new();

    /// <summary>
    /// The bytes of device media allocated in memory when the run starts: the sum of the capacities of the
    /// <c>memory</c> backends. Sparse and file backends hold only what is written, which the request and step caps
    /// bound. Default 4 GiB.
    /// </summary>
    public long MaxDeviceBytes { get; init; } = 4L << 30;

    /// <summary>
    /// The largest buffer one step may need: a read or write request's largest region (the buffer dm-io moves), or a
    /// <c>check</c> step's sectors. Default 256 MiB (a read or write region of 524288 sectors); at most
    /// <see cref="MaxRequestBytesCeiling"/>, since a buffer is one array.
    /// </summary>
    public long MaxRequestBytes { get; init; } = 256L << 20;

    /// <summary>
    /// The most io objects the client and the legacy pool may hold: the client's <c>io_capacity</c> (or pages x 4),
    /// and the legacy pool's size after each <c>pool get</c> (counting earlier gets less earlier puts). Default 65536;
    /// at most <see cref="DmIoClient.MaxIoCapacity"/>, the engine's own cap.
    /// </summary>
    public int MaxPoolObjects { get; init; } = 1 << 16;

    /// <summary>The highest <see cref="MaxRequestBytes"/> may be set: 1 GiB, well inside one array's 2 GiB.</summary>
    public const long MaxRequestBytesCeiling = 1L << 30;

    /// <summary>The most steps a scenario or session may have. Default 100000.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>
    /// The most virtual time a run may reach, in nanoseconds: the <c>advance</c> steps together are refused at load
    /// past it, and a run whose clock passes it (delays of fault targets) stops with an error. Default 86400 s (a day).
    /// </summary>
    public long MaxVirtualNanoseconds { get; init; } = 86_400L * 1_000_000_000;

    /// <summary>
    /// The largest scenario file or serve request line, in bytes (characters for a line): a larger one is refused
    /// before it is parsed (a serve line is skipped to its end and answered with an error). Default 64 MiB.
    /// </summary>
    public long MaxInputBytes { get; init; } = 64L << 20;

    /// <summary>Checks every cap is positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A cap is zero or negative, or a request cap is below a sector or above the ceiling; names the cap.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDeviceBytes, 1, nameof(MaxDeviceBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, DmIoConstants.SectorSize, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestBytes, MaxRequestBytesCeiling, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPoolObjects, 1, nameof(MaxPoolObjects));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPoolObjects, DmIoClient.MaxIoCapacity, nameof(MaxPoolObjects));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, 1, nameof(MaxSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVirtualNanoseconds, 1, nameof(MaxVirtualNanoseconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputBytes, 1, nameof(MaxInputBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInputBytes, Array.MaxLength, nameof(MaxInputBytes));
    }

    /// <summary>
    /// The command-line flags that set this instance's caps where they differ from <paramref name="other"/>'s, in
    /// the order the flags are documented: <c>--max-steps 10</c> and the like. Empty when the two agree.
    /// </summary>
    /// <param name="other">The caps to compare with (<see cref="Default"/> for the flags a command line needs).</param>
    /// <returns>One "flag value" text per differing cap.</returns>
    public IReadOnlyList<string> FlagsDifferingFrom(ResourceLimits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var flags = new List<string>();
        Add(MaxDeviceBytes, other.MaxDeviceBytes, "--max-device-bytes", FormatBytes);
        Add(MaxRequestBytes, other.MaxRequestBytes, "--max-request-bytes", FormatBytes);
        Add(MaxPoolObjects, other.MaxPoolObjects, "--max-pool-objects", n => n.ToString(CultureInfo.InvariantCulture));
        Add(MaxSteps, other.MaxSteps, "--max-steps", n => n.ToString(CultureInfo.InvariantCulture));
        Add(MaxVirtualNanoseconds, other.MaxVirtualNanoseconds, "--max-virtual-time", DmIo.FaultInjection.FaultRuleSyntax.FormatDuration);
        Add(MaxInputBytes, other.MaxInputBytes, "--max-input-bytes", FormatBytes);
        return flags;

        void Add(long mine, long theirs, string flag, Func<long, string> format)
        {
            if (mine != theirs)
            {
                flags.Add(flag + " " + format(mine));
            }
        }
    }

    /// <summary>Formats a byte count as the flags accept it, in the largest binary unit that divides it.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>For example <c>256MiB</c>.</returns>
    public static string FormatBytes(long bytes)
    {
        foreach ((string unit, int shift) in new[] { ("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10) })
        {
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0)
            {
                return (bytes >> shift).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
