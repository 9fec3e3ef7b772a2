using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Serving;

/// <summary>
/// A scenario device served as an NBD export. Each request is traced as a mark, then issued on the device as bios
/// (<see cref="DeviceRequest"/>) under the paced run's lock, so every target, rule, latency and write cache below the
/// device applies, and a failed bio is an error reply with the errno the kernel would give.
/// </summary>
public sealed class ScenarioExport : INbdExport
{
    private readonly PacedRun _run;          // the run, its lock and its clock
    private readonly IBlockDevice _device;   // the named device
    private readonly Stream? _payloads;      // where writes' payloads go for a replay, under the run's lock

    /// <summary>Serves device <paramref name="device"/> as export <paramref name="name"/>.</summary>
    /// <param name="name">The export's name.</param>
    /// <param name="device">The named device (<see cref="Simulation.ScenarioRun.NamedDevice"/>).</param>
    /// <param name="run">The paced run the device belongs to.</param>
    /// <param name="maxPayloadBytes">The server's largest payload, which caps the advertised maximum block size.</param>
    /// <param name="payloads">Where each write's payload is appended, in trace order; null when no trace is kept.</param>
    public ScenarioExport(string name, IBlockDevice device, PacedRun run, uint maxPayloadBytes, Stream? payloads)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(run);
        Name = name;
        _device = device;
        _run = run;
        _payloads = payloads;
        QueueLimits limits = device.Limits;
        SizeBytes = device.CapacitySectors << DmIoConstants.SectorShift;
        BlockSizes = BlockSizesOf(limits, maxPayloadBytes);
        Features = FeaturesOf(limits);
        Description = $"dmio-sim device '{device.Name}'";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public long SizeBytes { get; }

    /// <inheritdoc />
    public NbdBlockSizes BlockSizes { get; }

    /// <inheritdoc />
    public NbdExportFeatures Features { get; }

    /// <summary>The device's name.</summary>
    public string DeviceName => _device.Name;

    /// <summary>
    /// The sizes a client should use, from the device's queue limits: the minimum is the logical block size (smaller
    /// I/O fails in the block layer), the preferred the physical block size (or the optimal I/O size when that is a
    /// larger power of two); the maximum is the server's payload limit, because the block layer splits larger bios
    /// against the device's own limits (<c>max_sectors</c>, segments) as Linux does.
    /// </summary>
    /// <param name="limits">The device's limits.</param>
    /// <param name="maxPayloadBytes">The server's largest payload.</param>
    /// <returns>The sizes.</returns>
    public static NbdBlockSizes BlockSizesOf(QueueLimits limits, uint maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(limits);
        uint minimum = (uint)limits.LogicalBlockSize;
        uint preferred = Math.Max(minimum, (uint)limits.PhysicalBlockSize);
        if (limits.IoOpt > preferred && limits.IoOpt <= maxPayloadBytes && long.IsPow2(limits.IoOpt))
        {
            preferred = (uint)limits.IoOpt;
        }

        uint maximum = maxPayloadBytes / minimum * minimum;
        return new NbdBlockSizes(minimum, Math.Min(preferred, maximum), maximum);
    }

    /// <summary>
    /// What the device takes: flush and FUA always (on a device without a volatile cache the block layer completes
    /// them as no-ops, as Linux does), trim and write-zeroes when its limits allow discards and write-zeroes, and
    /// multi-conn, because every connection reaches the same device and a flush flushes it for all of them.
    /// </summary>
    /// <param name="limits">The device's limits.</param>
    /// <returns>The features.</returns>
    public static NbdExportFeatures FeaturesOf(QueueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        NbdExportFeatures features = NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.MultiConn;
        if (limits.MaxDiscardSectors > 0)
        {
            features |= NbdExportFeatures.Trim;
        }

        if (limits.MaxWriteZeroesSectors > 0)
        {
            features |= NbdExportFeatures.WriteZeroes;
        }

        return features;
    }

    /// <inheritdoc />
    public void Submit(in NbdIo io, Memory<byte> buffer, INbdCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        NbdIo request = io;
        _run.Do(run =>
        {
            if (run.RecordsTrace)
            {
                run.TraceMark(NbdRequestMark.Request(Name, request)); // a string per request only when a trace keeps it
            }

            if (_payloads is not null && request.Command == NbdCommand.Write)
            {
                _payloads.Write(buffer.Span);
            }

            DeviceRequest.Issue(_device, request, buffer, completion, run.NextBioId);
            return true;
        });
    }
}
