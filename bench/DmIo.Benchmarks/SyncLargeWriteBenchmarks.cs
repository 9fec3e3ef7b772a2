using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using DmIo.VirtualDevices;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 2: a sync 1 MiB WRITE through dm-io against the raw copy of the same 1 MiB into an array the size of
/// the device (64 MiB, beyond the 32 MiB L3, so both run at memory bandwidth). Goal: at least 0.9x the raw copy's
/// bandwidth, i.e. a time ratio of at most 1.11.
/// </summary>
public class SyncLargeWriteBenchmarks
{
    private const int IoBytes = 1 << 20;
    private const int WorkingSet = 8 << 20;
    private const int SlotMask = (WorkingSet / IoBytes) - 1;

    private MemoryDevice _device = null!;
    private Memory<byte> _rawStore;
    private Memory<byte> _buffer;
    private PageList _pages = null!;
    private BioVec[] _vectors = null!;
    private DmIoLegacy _legacy = null!;
    private readonly IoRegion[] _regions = new IoRegion[1];
    private int _slot;
    private ulong _errorBits;

    /// <summary>Builds the device, the raw array and the 1 MiB source in each memory kind.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = Prefault.Touch(new MemoryDevice("mem", WorkingSet >> DmIoConstants.SectorShift));
        _rawStore = PageAligned.Allocate(WorkingSet);
        _buffer = PageAligned.Allocate(IoBytes);
        new DeterministicRandom(1).NextBytes(_buffer.Span); // contents do not affect timing; seeded like everything else
        _pages = PageList.Allocate(IoBytes / DmIoConstants.PageSize);
        _pages.Write(0, _buffer.Span);
        var vectors = new List<BioVec>();
        for (PageList? node = _pages; node != null; node = node.Next)
        {
            vectors.Add(new BioVec(node.Page, 0, DmIoConstants.PageSize));
        }

        _vectors = [.. vectors];
        _legacy = new DmIoLegacy();
        _legacy.Get(1);
    }

    /// <summary>Baseline: copy 1 MiB into the next slot of a plain 64 MiB array.</summary>
    [Benchmark(Baseline = true)]
    public void RawCopy1M() => _buffer.Span.CopyTo(_rawStore.Span.Slice(NextOffset(), IoBytes));

    /// <summary>
    /// Diagnostic, not a target: the raw copy again, but gathering from the 256 separate pages the page-list and
    /// bvec rows use. If it costs what those rows cost, their gap to <see cref="RawCopy1M"/> is the source
    /// memory's layout, not dm-io.
    /// </summary>
    [Benchmark]
    public void RawCopyFromPages1M()
    {
        Span<byte> destination = _rawStore.Span.Slice(NextOffset(), IoBytes);
        for (PageList? node = _pages; node != null; node = node.Next)
        {
            node.Page.Data.CopyTo(destination);
            destination = destination[DmIoConstants.PageSize..];
        }
    }

    /// <summary>
    /// Diagnostic, not a target: the raw copy in two 512 KiB halves, which is how the device receives a 1 MiB
    /// request (two bios of 128 page segments, the default limit). It prices the split without dm-io.
    /// </summary>
    [Benchmark]
    public void RawCopyInTwoHalves1M()
    {
        Span<byte> destination = _rawStore.Span.Slice(NextOffset(), IoBytes);
        _buffer.Span[..(IoBytes / 2)].CopyTo(destination);
        _buffer.Span[(IoBytes / 2)..].CopyTo(destination[(IoBytes / 2)..]);
    }

    /// <summary>dm_io_sync_vm, 1 MiB.</summary>
    /// <returns>The return code.</returns>
    [Benchmark]
    public int VmWrite1M() => _legacy.SyncVm(NextRegion(), BioOperation.Write, new VmBuffer(_buffer), ref _errorBits);

    /// <summary>dm_io_sync over a 256-page list, 1 MiB.</summary>
    /// <returns>The return code.</returns>
    [Benchmark]
    public int PageListWrite1M() => _legacy.SyncPageList(NextRegion(), BioOperation.Write, _pages, 0, ref _errorBits);

    /// <summary>dm_io_sync_bvec over 256 one-page elements, 1 MiB.</summary>
    /// <returns>The return code.</returns>
    [Benchmark]
    public int BvecWrite1M() => _legacy.SyncBvec(NextRegion(), BioOperation.Write, _vectors, ref _errorBits);

    private int NextOffset()
    {
        _slot = (_slot + 1) & SlotMask;
        return _slot * IoBytes;
    }

    private IoRegion[] NextRegion()
    {
        _regions[0] = new IoRegion(_device, (long)NextOffset() >> DmIoConstants.SectorShift, IoBytes >> DmIoConstants.SectorShift);
        return _regions;
    }
}
