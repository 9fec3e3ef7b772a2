using DmIo.FaultInjection;
using DmIo.Simulation.Workloads;
using DmIo.VirtualDevices;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>
/// Group 7: the same properties on workloads shaped like real clients (a mirror, a journal, a copy engine, a file
/// system) from <see cref="WorkloadGenerator"/>: data matches a byte-array model, a journal's committed records
/// survive a crash, and error bits match the fault record.
/// </summary>
public sealed class WorkloadProperties
{
    private static Gen<WorkloadCase> Cases { get; } =
        from kind in Gen.Elements(Enum.GetValues<WorkloadKind>())
        from seed in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(8, 80)
        from mode in Gen.Frequency((3, Gen.Constant(RunMode.Simulated)), (1, Gen.Constant(RunMode.RealThread)))
        select new WorkloadCase(WorkloadGenerator.Generate(kind, seed, length), mode);

    /// <summary>
    /// Catches: a multi-region write whose memory cursor is not rewound per region (mirror legs or copy destinations
    /// after the first get shifted bytes); reads of one memory kind disagreeing with writes of another; discard or
    /// write-zeroes not zeroing exactly their range; and, for the journal, FUA or PREFLUSH dropped on the way down
    /// (a crash then loses a committed record).
    /// </summary>
    [DmIoProperty(120)]
    public Property Workloads_DataMatchesModel_AndCommittedLogRecordsSurviveACrash() =>
        Prop.ForAll(Cases.ToArbitrary(), DataHolds);

    /// <summary>
    /// Catches: a failed leg of a mirror write reported as another leg's bit (region number lost), a copy's failed
    /// destination not reported, bits combined with <c>&amp;</c>.
    /// </summary>
    [DmIoProperty(120)]
    public Property Workloads_ErrorBitsMatchFaultRecord() =>
        Prop.ForAll(Cases.ToArbitrary(), ErrorBitsHold);

    private static Property DataHolds(WorkloadCase c)
    {
        var rig = new IoRig(c.Mode, (ulong)c.Workload.Seed);
        var record = new FaultRecord();
        var completion = c.Mode == RunMode.RealThread ? DeviceCompletionMode.Scheduled : DeviceCompletionMode.Inline;
        bool journal = c.Workload.Kind == WorkloadKind.Log;
        var media = new Dictionary<string, MemoryDevice>();
        var caches = new Dictionary<string, VolatileWriteCacheDevice>();
        var devices = new Dictionary<string, IBlockDevice>();
        var visible = new Dictionary<string, byte[]>();
        var durable = new Dictionary<string, byte[]>();
        foreach (WorkloadDevice d in c.Workload.Devices)
        {
            media[d.Name] = new MemoryDevice(d.Name + ".media", d.CapacitySectors, QueueLimits.Default, completion, rig.Scheduler);
            IBlockDevice top = media[d.Name];
            if (journal)
            {
                caches[d.Name] = new VolatileWriteCacheDevice(d.Name, top, rig.Scheduler, new RandomChoiceSource(1), record, CrashPolicy.LoseAll);
                top = caches[d.Name];
            }

            devices[d.Name] = top;
            visible[d.Name] = new byte[d.CapacitySectors * DmIoConstants.SectorSize];
            durable[d.Name] = new byte[d.CapacitySectors * DmIoConstants.SectorSize];
        }

        DmIoClient client = DmIoClient.Create(2, rig.Scheduler);
        for (int i = 0; i < c.Workload.Requests.Count; i++)
        {
            WorkloadRequest r = c.Workload.Requests[i];
            (RequestOutcome outcome, LayoutBuffer? buffer, byte[] payload) = Run(rig, client, devices, r);
            Expect.Equal(0UL, outcome.ErrorBits, $"request {i} ({r}) error bits");
            foreach (WorkloadRegion region in r.Regions)
            {
                Span<byte> model = visible[region.Device].AsSpan((int)(region.Sector * DmIoConstants.SectorSize), (int)(region.Count * DmIoConstants.SectorSize));
                switch (r.Operation)
                {
                    case BioOperation.Read:
                        Expect.Bytes(model, buffer!.Read(), $"request {i} ({r}) bytes read");
                        break;
                    case BioOperation.Write:
                        if ((r.Flags & BioFlags.Preflush) != 0)
                        {
                            visible[region.Device].CopyTo(durable[region.Device], 0);
                        }

                        payload.AsSpan(0, model.Length).CopyTo(model);
                        if ((r.Flags & BioFlags.Fua) != 0)
                        {
                            model.CopyTo(durable[region.Device].AsSpan((int)(region.Sector * DmIoConstants.SectorSize)));
                        }

                        break;
                    default:
                        model.Clear();
                        durable[region.Device].AsSpan((int)(region.Sector * DmIoConstants.SectorSize), model.Length).Clear();
                        break;
                }
            }
        }

        rig.Settle();
        client.Dispose();
        foreach (WorkloadDevice d in c.Workload.Devices)
        {
            byte[] expected = visible[d.Name];
            if (journal)
            {
                caches[d.Name].Crash(); // power cut after the last request: only what was flushed or FUA'd remains
                expected = durable[d.Name];
            }

            byte[] actual = new byte[expected.Length];
            media[d.Name].ReadDirect(0, actual);
            Expect.Bytes(expected, actual, $"{d.Name} contents{(journal ? " after a crash" : string.Empty)}");
        }

        return true.ToProperty()
            .Classify(c.Workload.Requests.Any(r => r.Regions.Count > 1), "multi-region writes")
            .Classify(c.Workload.Requests.Any(r => r.Async), "async requests")
            .Collect($"{c.Workload.Kind}/{c.Mode}");
    }

    private static Property ErrorBitsHold(WorkloadCase c)
    {
        var rig = new IoRig(c.Mode, (ulong)c.Workload.Seed);
        var record = new FaultRecord();
        var choices = new RandomChoiceSource((ulong)c.Workload.Seed);
        var completion = c.Mode == RunMode.RealThread ? DeviceCompletionMode.Scheduled : DeviceCompletionMode.Inline;
        var devices = new Dictionary<string, IBlockDevice>();
        foreach (WorkloadDevice d in c.Workload.Devices)
        {
            var rules = new RuleFaultDevice(d.Name, new MemoryDevice(d.Name + ".media", d.CapacitySectors, QueueLimits.Default, completion, rig.Scheduler),
                rig.Scheduler, choices, record);
            rules.Message("add name=flaky prob=0.2 action=fail:ioerr");
            devices[d.Name] = rules;
        }

        DmIoClient client = DmIoClient.Create(1, rig.Scheduler);
        int seen = 0;
        int multiRegionFailures = 0;
        int partialFailures = 0;
        for (int i = 0; i < c.Workload.Requests.Count; i++)
        {
            WorkloadRequest r = c.Workload.Requests[i];
            RequestOutcome outcome = Run(rig, client, devices, r).Outcome;
            IReadOnlyList<FaultDecision> all = record.Snapshot();
            FaultDecision[] fresh = [.. all.Skip(seen).Where(d => d.FailedBio)];
            seen = all.Count;
            ulong expected = 0;
            for (int k = 0; k < r.Regions.Count; k++)
            {
                WorkloadRegion region = r.Regions[k];
                if (fresh.Any(d => d.Device == region.Device && d.Sector < region.Sector + region.Count && region.Sector < d.Sector + Math.Max(1, d.Count)))
                {
                    expected |= 1UL << k;
                }
            }

            Expect.Equal($"0x{expected:x}", $"0x{outcome.ErrorBits:x}", $"request {i} ({r}) error bits (failed bios: {string.Join("; ", fresh.Select(d => $"{d.Device}[{d.Sector}+{d.Count}]"))})");
            int failed = System.Numerics.BitOperations.PopCount(expected);
            multiRegionFailures += failed >= 2 ? 1 : 0;
            partialFailures += failed > 0 && failed < r.Regions.Count(x => x.Count > 0) ? 1 : 0;
        }

        rig.Settle();
        client.Dispose();
        return true.ToProperty()
            .Classify(multiRegionFailures > 0, "multi-region failure")
            .Classify(partialFailures > 0, "partial failure")
            .Collect($"{c.Workload.Kind}/{c.Mode}");
    }

    private static (RequestOutcome Outcome, LayoutBuffer? Buffer, byte[] Payload) Run(IoRig rig, DmIoClient client, Dictionary<string, IBlockDevice> devices, WorkloadRequest r)
    {
        IoRegion[] regions = [.. r.Regions.Select(x => new IoRegion(devices[x.Device], x.Sector, x.Count))];
        byte[] payload = Payload.Sectors(r.MaxCount, r.PayloadSeed);
        if (r.MemoryKind == DmIoMemoryKind.None)
        {
            return (rig.Execute(client, r.Operation, r.Flags, DmIoMemory.None, regions, r.Async), null, payload);
        }

        LayoutBuffer buffer = new MemoryLayout(r.MemoryKind, r.PageOffsetSectors, [8]).Allocate(payload.Length);
        if (r.Operation == BioOperation.Write)
        {
            buffer.Write(payload);
        }

        return (rig.Execute(client, r.Operation, r.Flags, buffer.Memory, regions, r.Async), buffer, payload);
    }
}
