using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 3: an async 4 KiB WRITE to 64 regions on 64 memory devices (a 64-way mirror), reported per region
/// (OperationsPerInvoke = 64), against an async single-region 4 KiB write (the baseline). Goal: per-region cost
/// at most 2x the single-region write, 0 B allocated in steady state. The baseline walks the same 64 devices
/// (one per call, round robin) and the same slots, so both rows touch the same 16 MiB: without that, the fan-out
/// would pay for a 64 times larger working set, not for dm-io.
/// </summary>
public class AsyncFanOutBenchmarks
{
    private const int Fan = DmIoConstants.MaxRegions;
    private const int DeviceBytes = 256 << 10;        // 64 slots of 4 KiB per device; 16 MiB over all 64
    private const int SlotMask = (DeviceBytes / DmIoConstants.PageSize) - 1;

    private readonly IoRegion[] _one = new IoRegion[1];
    private readonly IoRegion[] _all = new IoRegion[Fan];
    private readonly RequestCounter _counter = new();
    private MemoryDevice[] _devices = null!;
    private DmIoRequest _request;
    private int _slot;
    private int _leg;  // the device the baseline writes next

    /// <summary>Builds 64 devices, a client and a 4 KiB vm source.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _devices = Enumerable.Range(0, Fan).Select(i => Prefault.Touch(new MemoryDevice($"leg{i}", DeviceBytes >> DmIoConstants.SectorShift))).ToArray();
        var client = DmIoClient.Create(1);
        _request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Memory = DmIoMemory.FromVm(new VmBuffer(PageAligned.Allocate(DmIoConstants.PageSize))),
            Notify = RequestCounter.Notify,
            Context = _counter,
            Client = client,
        };
    }

    /// <summary>Baseline: one async 4 KiB write to one region.</summary>
    /// <returns>The return code.</returns>
    [Benchmark(Baseline = true)]
    public int SingleRegion()
    {
        _leg = (_leg + 1) & (Fan - 1);
        long sector = _leg == 0 ? NextSector() : (long)_slot * DmIoConstants.SectorsPerPage;
        _one[0] = new IoRegion(_devices[_leg], sector, DmIoConstants.SectorsPerPage);
        return DmIoEngine.Execute(_request, _one);
    }

    /// <summary>One async 4 KiB write to 64 regions; the time shown is per region.</summary>
    /// <returns>The return code.</returns>
    [Benchmark(OperationsPerInvoke = Fan)]
    public int SixtyFourRegionsPerRegion()
    {
        long sector = NextSector();
        for (int i = 0; i < Fan; i++)
        {
            _all[i] = new IoRegion(_devices[i], sector, DmIoConstants.SectorsPerPage);
        }

        return DmIoEngine.Execute(_request, _all);
    }

    private long NextSector()
    {
        _slot = (_slot + 1) & SlotMask;
        return (long)_slot * DmIoConstants.SectorsPerPage;
    }
}
