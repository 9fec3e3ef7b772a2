using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DmIo.Benchmarks.Support;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 7b: time per sync WRITE request (one region, vm memory) as the request grows from 4 KiB to 4 MiB,
/// against the raw copy of the same bytes into an array as large as the device (16 MiB).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class ScalingSizeBenchmarks
{
    private const int WorkingSet = 16 << 20; // within the 32 MiB L3; a DRAM-sized set swung with other processes' traffic

    private MemoryDevice _device = null!;
    private Memory<byte> _rawStore;
    private Memory<byte> _buffer;
    private readonly IoRegion[] _region = new IoRegion[1];
    private DmIoRequest _request;
    private int _slot;
    private ulong _errorBits;

    /// <summary>Bytes per request.</summary>
    [Params(4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20)]
    public int Size { get; set; }

    /// <summary>Builds the device, the raw array and a source of <see cref="Size"/> bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = Prefault.Touch(new MemoryDevice("mem", WorkingSet >> DmIoConstants.SectorShift));
        _rawStore = PageAligned.Allocate(WorkingSet);
        _buffer = PageAligned.Allocate(Size);
        _request = new DmIoRequest { Operation = BioOperation.Write, Memory = DmIoMemory.FromVm(new VmBuffer(_buffer)), Client = DmIoClient.Create(1) };
    }

    /// <summary>Baseline: copy <see cref="Size"/> bytes into the next slot.</summary>
    [Benchmark(Baseline = true)]
    public void RawCopy() => _buffer.Span.CopyTo(_rawStore.Span.Slice(NextOffset(), Size));

    /// <summary>One sync dm-io write of <see cref="Size"/> bytes.</summary>
    /// <returns>The return code.</returns>
    [Benchmark]
    public int DmIoWrite()
    {
        _region[0] = new IoRegion(_device, (long)NextOffset() >> DmIoConstants.SectorShift, Size >> DmIoConstants.SectorShift);
        return DmIoEngine.Execute(_request, _region, ref _errorBits);
    }

    private int NextOffset()
    {
        _slot = (_slot + 1) % (WorkingSet / Size);
        return _slot * Size;
    }
}
