using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>error</c> target: every bio fails with an I/O error, inline. Table syntax:
/// <c>&lt;start&gt; &lt;length&gt; error</c>. It stands in for a dead disk. Discards fail too (the kernel
/// target sets <c>num_discard_bios</c> so they error rather than being unsupported).
/// </summary>
public sealed class ErrorDevice : IBlockDevice
{
    /// <summary>The feature name recorded for each failed bio.</summary>
    public const string RuleName = "error";

    private readonly FaultRecord? _record;   // where each failure is logged, if anyone listens
    private readonly IIoScheduler? _clock;   // time stamps for the record; 0 without one
    private long _biosFailed;                // count of bios failed, for reports

    /// <summary>Creates an error device of <paramref name="capacitySectors"/> sectors.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; positive, and at most 2^63 bytes.</param>
    /// <param name="limits">Its queue limits; the error target's (<see cref="ErrorTargetDevice.DefaultLimits"/>) when null.</param>
    /// <param name="record">Receives one decision per failed bio; null to record nothing.</param>
    /// <param name="clock">Stamps the record's decisions with its time; null stamps 0.</param>
    public ErrorDevice(string name, long capacitySectors, QueueLimits? limits = null, FaultRecord? record = null, IIoScheduler? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacitySectors, long.MaxValue >> DmIoConstants.SectorShift); // size in bytes must fit a long
        Limits = (limits ?? ErrorTargetDevice.DefaultLimits).Validate(nameof(limits));
        Name = name;
        CapacitySectors = capacitySectors;
        _record = record;
        _clock = clock;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>Bios failed so far.</summary>
    public long BiosFailed => Interlocked.Read(ref _biosFailed);

    /// <summary>
    /// Builds an error device from a table line <c>&lt;start&gt; &lt;length&gt; error</c>. Like the kernel's
    /// <c>io_err_ctr</c>, any arguments are accepted and ignored.
    /// </summary>
    /// <param name="args">The line.</param>
    /// <param name="record">Receives its fault decisions; may be null.</param>
    /// <param name="choices">Unused (the target makes no random choices); accepted so every factory has one shape.</param>
    /// <returns>The device, of the line's length.</returns>
    public static IBlockDevice FromTable(TargetArguments args, FaultRecord? record, IChoiceSource? choices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new ErrorDevice(args.DeviceName, args.LengthSectors, null, record, args.Scheduler);
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        Interlocked.Increment(ref _biosFailed);
        _record?.Add(_clock?.NowNanoseconds ?? 0, Name, bio, bio.Operation, bio.Sector, bio.SectorCount, RuleName, "fail", BlkStatus.IoError);
        bio.Complete(BlkStatus.IoError);
    }
}
