using DmIo.Clients.Logs;
using DmIo.Clients.Regions;

namespace DmIo.Clients.Tests.Regions;

/// <summary>A region hash over a core log of 8 regions of 1024 sectors, counting its callbacks.</summary>
internal sealed class RegionHashRig
{
    public const uint RegionSectors = 1024;

    private static readonly IBioEndIo NoEndIo = new BioEndIoAction(_ => { });

    public RegionHashRig(string? syncWord = null, long targetBegin = 0)
    {
        Log = new CoreDirtyLog(syncWord is null ? ["1024"] : ["1024", syncWord], 8 * RegionSectors);
        Hash = new RegionHash(Log, targetBegin, maxRecovery: 1, Scheduler, bios => Dispatched.Add([.. bios]),
            () => WorkerWakeups++, () => RecoveryWaiterWakeups++);
        TargetBegin = targetBegin;
    }

    public SimulatedScheduler Scheduler { get; } = new(seed: 15);

    public CoreDirtyLog Log { get; }

    public RegionHash Hash { get; }

    public long TargetBegin { get; }

    public List<Bio[]> Dispatched { get; } = [];

    public int WorkerWakeups { get; set; }

    public int RecoveryWaiterWakeups { get; set; }

    public Bio Write(long region, BioFlags flags = BioFlags.None, BioOperation operation = BioOperation.Write)
    {
        var bio = new Bio();
        bio.Init(operation, flags, TargetBegin + (region * RegionSectors) + 8, NoEndIo);
        return bio;
    }
}
