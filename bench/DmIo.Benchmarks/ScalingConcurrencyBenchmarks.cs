using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DmIo.Benchmarks.Support;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 7c: time per async 4 KiB WRITE request as the number in flight grows from 1 to 1,024. Each invocation
/// issues 1,024 requests in waves of <see cref="InFlight"/> to a queued-completion memory device (so they
/// really are outstanding together), draining the device after each wave; times are per request. Baseline:
/// 1,024 raw 4 KiB copies to the same slots.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class ScalingConcurrencyBenchmarks
{
    private const int Requests = 1024;
    private const int DeviceBytes = Requests * DmIoConstants.PageSize;

    private readonly IoRegion[] _region = new IoRegion[1];
    private readonly RequestCounter _counter = new();
    private MemoryDevice _device = null!;
    private Memory<byte> _rawStore;
    private Memory<byte> _buffer;
    private DmIoRequest _request;

    /// <summary>Requests in flight at once.</summary>
    [Params(1, 4, 16, 64, 256, 1024)]
    public int InFlight { get; set; }

    /// <summary>Builds the queued device and a client whose pool holds 1,024 io objects.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = Prefault.Touch(new MemoryDevice("mem", DeviceBytes >> DmIoConstants.SectorShift, completion: DeviceCompletionMode.Queued));
        _rawStore = PageAligned.Allocate(DeviceBytes);
        _buffer = PageAligned.Allocate(DmIoConstants.PageSize);
        _request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Memory = DmIoMemory.FromVm(new VmBuffer(_buffer)),
            Notify = RequestCounter.Notify,
            Context = _counter,
            Client = DmIoClient.CreateWithIoCapacity(Requests),
        };
    }

    /// <summary>Baseline: 1,024 raw 4 KiB copies to the slots the requests write.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public void RawCopy()
    {
        for (int i = 0; i < Requests; i++)
        {
            _buffer.Span.CopyTo(_rawStore.Span.Slice(i * DmIoConstants.PageSize, DmIoConstants.PageSize));
        }
    }

    /// <summary>1,024 async requests, <see cref="InFlight"/> in flight at a time.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public void DmIoAsyncWrites()
    {
        for (int wave = 0; wave < Requests; wave += InFlight)
        {
            for (int i = wave; i < wave + InFlight; i++)
            {
                _region[0] = new IoRegion(_device, (long)i * DmIoConstants.SectorsPerPage, DmIoConstants.SectorsPerPage);
                DmIoEngine.Execute(_request, _region);
            }

            _device.DrainCompletions();
        }
    }
}
