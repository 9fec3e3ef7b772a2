using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DmIo.Benchmarks.Support;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 7a: time per sync 4 KiB WRITE request as the region count grows from 1 to 64 (one memory device per
/// region), against the raw copy of the same 4 KiB into as many arrays (the baseline for each row).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class ScalingRegionsBenchmarks
{
    // 16 slots per device, so even 64 regions stay within 4 MiB: the curve shows dm-io, not the cache hierarchy.
    private const int DeviceBytes = 64 << 10;
    private const int SlotMask = (DeviceBytes / DmIoConstants.PageSize) - 1;

    private MemoryDevice[] _devices = null!;
    private Memory<byte>[] _rawStores = null!;
    private IoRegion[] _regions = null!;
    private Memory<byte> _buffer;
    private DmIoRequest _request;
    private int _slot;
    private ulong _errorBits;

    /// <summary>Regions per request.</summary>
    [Params(1, 2, 4, 8, 16, 32, 64)]
    public int Regions { get; set; }

    /// <summary>Builds one device and one raw array per region.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _devices = Enumerable.Range(0, Regions).Select(i => Prefault.Touch(new MemoryDevice($"m{i}", DeviceBytes >> DmIoConstants.SectorShift))).ToArray();
        _rawStores = Enumerable.Range(0, Regions).Select(_ => PageAligned.Allocate(DeviceBytes)).ToArray();
        _regions = new IoRegion[Regions];
        _buffer = PageAligned.Allocate(DmIoConstants.PageSize);
        _request = new DmIoRequest { Operation = BioOperation.Write, Memory = DmIoMemory.FromVm(new VmBuffer(_buffer)), Client = DmIoClient.Create(1) };
    }

    /// <summary>Baseline: the same 4 KiB copied into the same slot of each region's array.</summary>
    [Benchmark(Baseline = true)]
    public void RawCopy()
    {
        int offset = NextSlot() * DmIoConstants.PageSize;
        foreach (Memory<byte> store in _rawStores)
        {
            _buffer.Span.CopyTo(store.Span.Slice(offset, DmIoConstants.PageSize));
        }
    }

    /// <summary>One sync dm-io write naming every region.</summary>
    /// <returns>The return code.</returns>
    [Benchmark]
    public int DmIoWrite()
    {
        long sector = (long)NextSlot() * DmIoConstants.SectorsPerPage;
        for (int i = 0; i < _regions.Length; i++)
        {
            _regions[i] = new IoRegion(_devices[i], sector, DmIoConstants.SectorsPerPage);
        }

        return DmIoEngine.Execute(_request, _regions, ref _errorBits);
    }

    private int NextSlot() => _slot = (_slot + 1) & SlotMask;
}
