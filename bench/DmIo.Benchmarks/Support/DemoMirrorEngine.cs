using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// The dm-io work of <see cref="DemoMirror"/> without the scenario runner: the same legs (uniform 100-300 us latency
/// on a simulated clock over two memory disks, a rule failing every write over the third), built once, and the same
/// requests (an async 8 KiB mirror write with SYNC, run to completion, then a sync read of each leg, the last into
/// 1 KiB bio vectors) issued straight to <see cref="DmIoEngine"/>.
/// </summary>
public sealed class DemoMirrorEngine
{
    private const int Bytes = (int)(DemoMirror.Count * DmIoConstants.SectorSize);

    private readonly RequestCounter _counter = new();
    private readonly FaultRecord _record = new();
    private readonly IBlockDevice[] _legs;
    private readonly IoRegion[] _mirror = new IoRegion[3];
    private readonly IoRegion[] _read = new IoRegion[1];
    private readonly SimulatedScheduler _scheduler;
    private readonly DmIoRequest _write;
    private readonly DmIoRequest[] _reads;

    /// <summary>Builds the legs over disks of <paramref name="sectors"/> and the requests' buffers.</summary>
    /// <param name="sectors">Each disk's size.</param>
    /// <param name="seed">Seeds the clock and the latency draws.</param>
    public DemoMirrorEngine(long sectors, ulong seed)
    {
        _scheduler = new SimulatedScheduler(seed);
        var choices = new RecordingChoiceSource(new RandomChoiceSource(seed));
        var latency = LatencyProfile.All(new UniformLatency(100_000, 300_000));
        var rules = new RuleFaultDevice("leg1", new MemoryDevice("disk1", sectors), _scheduler, choices, _record);
        rules.Message("add name=dead-leg op=write action=fail:ioerr");
        _legs =
        [
            new LatencyDevice("leg0", new MemoryDevice("disk0", sectors), _scheduler, choices, latency),
            rules,
            new LatencyDevice("leg2", new MemoryDevice("disk2", sectors), _scheduler, choices, latency),
        ];
        DmIoClient client = DmIoClient.Create(scheduler: _scheduler);
        PageList source = PageList.Allocate(2);
        source.Write(0, Enumerable.Range(0, Bytes).Select(i => (byte)(i * 7)).ToArray());
        _write = new DmIoRequest
        {
            Client = client, Operation = BioOperation.Write, Flags = BioFlags.Sync, Memory = DmIoMemory.FromPageList(source),
            Notify = RequestCounter.Notify, Context = _counter,
        };
        BioVec[] vectors = [.. Enumerable.Range(0, Bytes / 1024).Select(_ => new BioVec(new Page(), 0, 1024))];
        _reads =
        [
            new DmIoRequest { Client = client, Operation = BioOperation.Read, Memory = DmIoMemory.FromPageList(PageList.Allocate(2)) },
            new DmIoRequest { Client = client, Operation = BioOperation.Read, Memory = DmIoMemory.FromPageList(PageList.Allocate(2)) },
            new DmIoRequest { Client = client, Operation = BioOperation.Read, Memory = DmIoMemory.FromBvec(vectors) },
        ];
    }

    /// <summary>Issues the requests <paramref name="repeats"/> times, repeat r <c>r * 16</c> sectors further on.</summary>
    /// <param name="repeats">How many times.</param>
    /// <returns>The return codes or'ed together (0).</returns>
    public int Run(int repeats)
    {
        int rc = 0;
        for (int r = 0; r < repeats; r++)
        {
            long sector = DemoMirror.Sector + (r * DemoMirror.Count);
            for (int i = 0; i < _legs.Length; i++)
            {
                _mirror[i] = new IoRegion(_legs[i], sector, DemoMirror.Count);
            }

            rc |= DmIoEngine.Execute(_write, _mirror);
            _scheduler.RunUntilIdle();
            for (int i = 0; i < _legs.Length; i++)
            {
                ulong bits = 0;
                _read[0] = new IoRegion(_legs[i], sector, DemoMirror.Count);
                rc |= DmIoEngine.Execute(_reads[i], _read, ref bits);
            }
        }

        _record.Clear(); // the failing leg logs a decision per write; a seed starts with an empty record
        return rc;
    }
}
