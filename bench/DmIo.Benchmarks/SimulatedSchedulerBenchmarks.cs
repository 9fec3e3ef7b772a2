using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 4: bio completions per second through a <see cref="LatencyDevice"/> with a seeded exponential latency,
/// on a <see cref="SimulatedScheduler"/>, on one thread. Each invocation submits 1,024 4 KiB write bios (all in
/// flight at once) and runs the simulation until idle; times are per bio, so completions per second is
/// 1e9 / Mean. Baseline: the same bios straight into the memory device, no latency and no simulator.
/// Goal: at least 1,000,000 completions per second (Mean at most 1,000 ns).
/// </summary>
public class SimulatedSchedulerBenchmarks
{
    private const int InFlight = 1024;
    private const int DeviceBytes = 16 << 20;

    private readonly Bio[] _bios = Enumerable.Range(0, InFlight).Select(_ => new Bio()).ToArray();
    private readonly CountingEndIo _endIo = new();
    private readonly RequestCounter _counter = new();
    private readonly IoRegion[] _region = new IoRegion[1];
    private SimulatedScheduler _scheduler = null!;
    private MemoryDevice _memory = null!;
    private LatencyDevice _latency = null!;
    private Page _page = null!;
    private DmIoRequest _request;
    private Action _noOp = null!;

    /// <summary>Builds the simulation: seed 42, exponential latency (50 us minimum, 100 us mean extra).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new SimulatedScheduler(seed: 42);
        _memory = Prefault.Touch(new MemoryDevice("mem", DeviceBytes >> DmIoConstants.SectorShift));
        var profile = LatencyProfile.All(new ExponentialLatency(minimumNanoseconds: 50_000, meanExtraNanoseconds: 100_000));
        _latency = new LatencyDevice("lat", _memory, _scheduler, new RandomChoiceSource(42), profile);
        _page = new Page();
        _request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Memory = DmIoMemory.FromPageList(new PageList(_page)),
            Notify = RequestCounter.Notify,
            Context = _counter,
            Client = DmIoClient.CreateWithIoCapacity(InFlight, _scheduler),
        };
        _noOp = () => { };
    }

    /// <summary>Baseline: 1,024 bios submitted straight to the inline memory device.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight)]
    public void DirectToMemory()
    {
        for (int i = 0; i < InFlight; i++)
        {
            BlockLayer.Submit(_memory, Prepare(i));
        }
    }

    /// <summary>1,024 bios through the latency device, then the simulation runs until idle.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public void ThroughLatencyDevice()
    {
        for (int i = 0; i < InFlight; i++)
        {
            BlockLayer.Submit(_latency, Prepare(i));
        }

        _scheduler.RunUntilIdle();
    }

    /// <summary>1,024 async dm-io requests (4 KiB each) through the latency device, then until idle.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public void DmIoThroughLatencyDevice()
    {
        for (int i = 0; i < InFlight; i++)
        {
            _region[0] = new IoRegion(_latency, (long)i * DmIoConstants.SectorsPerPage, DmIoConstants.SectorsPerPage);
            DmIoEngine.Execute(_request, _region);
        }

        _scheduler.RunUntilIdle();
    }

    /// <summary>The scheduler alone: 1,024 no-op events at seeded times, then until idle.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public void SchedulerEventsOnly()
    {
        for (int i = 0; i < InFlight; i++)
        {
            _scheduler.Schedule((long)_scheduler.Random.NextBelow(1_000_000), _noOp);
        }

        _scheduler.RunUntilIdle();
    }

    private Bio Prepare(int i)
    {
        Bio bio = _bios[i];
        bio.Init(BioOperation.Write, BioFlags.None, (long)i * DmIoConstants.SectorsPerPage, _endIo, 1);
        bio.TryAddSegment(_page.Memory);
        return bio;
    }
}
