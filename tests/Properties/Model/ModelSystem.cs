using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Properties;

/// <summary>The real stack of the model-based test: rules over dust over a volatile write cache over memory, simulated.</summary>
internal sealed class ModelSystem
{
    /// <summary>Builds a fresh stack.</summary>
    /// <param name="seed">Seeds the scheduler and choices.</param>
    public ModelSystem(ulong seed)
    {
        Rig = new IoRig(RunMode.Simulated, seed);
        var choices = new RandomChoiceSource(seed);
        Disk = new MemoryDevice("disk", ReferenceModel.Sectors, QueueLimits.Default, DeviceCompletionMode.Scheduled, Rig.Scheduler);
        Cache = new VolatileWriteCacheDevice("cache", Disk, Rig.Scheduler, choices, Record, CrashPolicy.LoseAll);
        Dust = new DustDevice("dust", Cache, 0, ReferenceModel.Sectors, 512, Rig.Scheduler, Record);
        Rules = new RuleFaultDevice("rules", Dust, Rig.Scheduler, choices, Record);
        Top = new BioSpyDevice("top", Rules);
        Client = DmIoClient.Create(1, Rig.Scheduler);
    }

    /// <summary>The rig (simulated).</summary>
    public IoRig Rig { get; }

    /// <summary>The shared fault record.</summary>
    public FaultRecord Record { get; } = new();

    /// <summary>The media.</summary>
    public MemoryDevice Disk { get; }

    /// <summary>The write cache.</summary>
    public VolatileWriteCacheDevice Cache { get; }

    /// <summary>The dust device.</summary>
    public DustDevice Dust { get; }

    /// <summary>The rule device.</summary>
    public RuleFaultDevice Rules { get; }

    /// <summary>The top of the stack: a spy over the rule device that shows how the engine split each request into bios.</summary>
    public BioSpyDevice Top { get; }

    /// <summary>The client.</summary>
    public DmIoClient Client { get; }

    /// <summary>Fault decisions recorded since the last call.</summary>
    /// <returns>The new decisions.</returns>
    public IReadOnlyList<FaultDecision> NewDecisions()
    {
        IReadOnlyList<FaultDecision> all = Record.Snapshot();
        FaultDecision[] fresh = [.. all.Skip(_seen)];
        _seen = all.Count;
        return fresh;
    }

    /// <summary>Bios the engine issued since the last call, in submission order.</summary>
    /// <returns>The new bios.</returns>
    public IReadOnlyList<SpiedBio> NewBios()
    {
        IReadOnlyList<SpiedBio> all = Top.Bios;
        SpiedBio[] fresh = [.. all.Skip(_biosSeen)];
        _biosSeen = all.Count;
        return fresh;
    }

    private int _seen;      // decisions already handed out
    private int _biosSeen;  // bios already handed out
}
