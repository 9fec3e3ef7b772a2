using DmIo.VirtualDevices;

namespace DmIo.FaultInjection;

/// <summary>
/// Logs every bio an <see cref="ErrorDevice"/> fails in a <see cref="FaultRecord"/>, as rule <c>error</c>, action
/// <c>fail</c>, so scenario runs show error-target failures next to the other injected faults.
/// </summary>
public sealed class ErrorTargetRecorder : IErrorTargetObserver
{
    /// <summary>The rule name each failure is recorded under.</summary>
    public const string RuleName = "error";

    private readonly FaultRecord _record;  // where failures are logged
    private readonly IIoScheduler? _clock; // stamps them; 0 without one

    /// <summary>Creates a recorder.</summary>
    /// <param name="record">Where failures are logged.</param>
    /// <param name="clock">Stamps each decision with its time; null stamps 0.</param>
    public ErrorTargetRecorder(FaultRecord record, IIoScheduler? clock = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        _record = record;
        _clock = clock;
    }

    /// <inheritdoc />
    public void Failing(ErrorDevice device, Bio bio)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(bio);
        _record.Add(_clock?.NowNanoseconds ?? 0, device.Name, bio, bio.Operation, bio.Sector, bio.SectorCount, RuleName, "fail", BlkStatus.IoError);
    }
}
