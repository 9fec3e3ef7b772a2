using DmIo.Clients.Mirror;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Properties.Mirror;

/// <summary>
/// A mirror of <see cref="Regions"/> regions of 8 sectors over a core log created <c>nosync</c>, on a simulated
/// scheduler, each leg a rules device over memory whose faults a case switches on; requests go through dm-io.
/// </summary>
internal sealed class MirrorUnderTest
{
    /// <summary>Regions in the mirror.</summary>
    public const int Regions = 8;

    /// <summary>Sectors per region.</summary>
    public const int RegionSectors = 8;

    private const int MaxEvents = 100_000;

    private readonly SimulatedScheduler _scheduler = new(1);
    private readonly List<RuleFaultDevice> _legs = [];
    private readonly TableDevice _table;
    private readonly DmIoClient _client;

    public MirrorUnderTest(int legs, MirrorFeatures features)
    {
        var catalog = new DeviceCatalog();
        var record = new FaultRecord();
        var choices = new RandomChoiceSource(new DeterministicRandom(2));
        for (int i = 0; i < legs; i++)
        {
            var leg = new RuleFaultDevice($"leg{i}", new MemoryDevice($"media{i}", Regions * RegionSectors), _scheduler, choices, record);
            _legs.Add(leg);
            catalog.Add(leg);
        }

        string featureText = features switch
        {
            MirrorFeatures.None => string.Empty,
            MirrorFeatures.HandleErrors => " 1 handle_errors",
            _ => " 2 handle_errors keep_log",
        };
        TargetRegistry registry = TargetRegistry.CreateDefault();
        MirrorTargets.Register(registry);
        string legText = string.Join(' ', Enumerable.Range(0, legs).Select(i => $"leg{i} 0"));
        _table = new DeviceTableParser(catalog, registry, _scheduler, new DeterministicRandom(3))
            .Create("m", $"0 {Regions * RegionSectors} mirror core 2 {RegionSectors} nosync {legs} {legText}{featureText}");
        Mirror = (MirrorTarget)_table.Segments[0].Target;
        _client = DmIoClient.Create(64, _scheduler);
        Settle();
    }

    public MirrorTarget Mirror { get; }

    /// <summary>Every later write to the leg fails with EIO (killing it again changes nothing).</summary>
    public void KillWrites(int leg) => Kill(leg, "write");

    /// <summary>Every later read from the leg fails with EIO.</summary>
    public void KillReads(int leg) => Kill(leg, "read");

    private void Kill(int leg, string op)
    {
        if (_legs[leg].Rules.All(r => r.Rule.Name != op))
        {
            _legs[leg].Message($"add name={op} op={op} action=fail:ioerr");
        }
    }

    /// <summary>Writes a region asynchronously and runs the mirror until idle; null error bits mean the write is still held.</summary>
    public ulong? Write(int region, byte fill)
    {
        byte[] data = new byte[RegionSectors * DmIoConstants.SectorSize];
        Array.Fill(data, fill);
        return Run(BioOperation.Write, data, region);
    }

    /// <summary>Reads a region; the error bits (null if it never completed) and the buffer.</summary>
    public (ulong? Bits, byte[] Data) Read(int region)
    {
        byte[] data = new byte[RegionSectors * DmIoConstants.SectorSize];
        return (Run(BioOperation.Read, data, region), data);
    }

    private ulong? Run(BioOperation operation, byte[] data, int region)
    {
        ulong? bits = null;
        var request = new DmIoRequest
        {
            Operation = operation,
            Memory = DmIoMemory.FromVm(new VmBuffer(data)),
            Client = _client,
            Notify = (b, _) => bits = b,
        };
        DmIoEngine.Execute(request, [new IoRegion(_table, (long)region * RegionSectors, RegionSectors)]);
        Settle();
        return bits;
    }

    private void Settle()
    {
        for (int i = 0; i < MaxEvents; i++)
        {
            if (!_scheduler.RunNext())
            {
                return;
            }
        }

        throw new InvalidOperationException($"the mirror was still busy after {MaxEvents} scheduler events");
    }
}
