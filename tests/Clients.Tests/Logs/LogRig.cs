using DmIo.Clients.Logs;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Logs;

/// <summary>
/// A simulated scheduler and a named log device for dirty-log tests. The device records every bio and has a volatile
/// write cache, so the log's PREFLUSH reaches it instead of being stripped by the block layer.
/// </summary>
internal sealed class LogRig
{
    /// <summary>The mirrored target's length used by most tests: 10 regions of 1024 sectors.</summary>
    public const long TargetSectors = 10 * 1024;

    public LogRig(long logSectors = 8)
    {
        Device = new RecordingDevice("log0", logSectors, QueueLimits.Default with { VolatileWriteCache = true });
    }

    public SimulatedScheduler Scheduler { get; } = new(seed: 15);

    public RecordingDevice Device { get; }

    /// <summary>How many times the flush callback ran.</summary>
    public int FlushCallbacks { get; set; }

    /// <summary>What the flush callback returns.</summary>
    public int FlushCallbackResult { get; set; }

    public DiskDirtyLog Disk(long targetSectors = TargetSectors, params string[] args) =>
        (DiskDirtyLog)DirtyLogs.Create("disk", ["log0", .. args], targetSectors, Lookup, Scheduler, FlushCallback);

    public IBlockDevice? Lookup(string name) => name == Device.Name ? Device : null;

    private int FlushCallback()
    {
        FlushCallbacks++;
        return FlushCallbackResult;
    }
}
