using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using DmIo.VirtualDevices;
using Microsoft.Win32.SafeHandles;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 5: random 4 KiB writes to a <see cref="SparseFileDevice"/> against <see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>
/// to the same kind of file (a 256 MiB sparse file made with SetLength, in the same directory), at the same
/// seeded offsets. Goal: at least 0.8x the baseline's throughput, i.e. a time ratio of at most 1.25.
/// </summary>
public class SparseFileBenchmarks
{
    private const long FileBytes = 256L << 20;
    private const int Offsets = 1 << 16;

    private readonly Bio _bio = new();
    private readonly CountingEndIo _endIo = new();
    private readonly IoRegion[] _region = new IoRegion[1];
    private string _directory = null!;
    private SafeFileHandle _baselineFile = null!;
    private SparseFileDevice _device = null!;
    private DmIoLegacy _legacy = null!;
    private Memory<byte> _buffer;
    private long[] _offsets = null!;
    private int _next;
    private ulong _errorBits;

    /// <summary>Creates both sparse files and the seeded offset sequence.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "dmio-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(_directory);
        _baselineFile = File.OpenHandle(Path.Combine(_directory, "baseline.img"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        RandomAccess.SetLength(_baselineFile, FileBytes);
        _device = SparseFileDevice.Create("file", Path.Combine(_directory, "device.img"), FileBytes >> DmIoConstants.SectorShift);
        _legacy = new DmIoLegacy();
        _legacy.Get(1);
        _buffer = PageAligned.Allocate(DmIoConstants.PageSize);
        var random = new DeterministicRandom(7);
        random.NextBytes(_buffer.Span);
        _offsets = new long[Offsets];
        for (int i = 0; i < Offsets; i++)
        {
            _offsets[i] = (long)random.NextBelow((ulong)(FileBytes / DmIoConstants.PageSize)) * DmIoConstants.PageSize;
        }
    }

    /// <summary>Closes and deletes both files.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _baselineFile.Dispose();
        _device.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Baseline: RandomAccess.Write of 4 KiB at the next seeded offset.</summary>
    [Benchmark(Baseline = true)]
    public void RandomAccessWrite() => RandomAccess.Write(_baselineFile, _buffer.Span, NextOffset());

    /// <summary>One 4 KiB write bio through the block layer to the sparse file device.</summary>
    [Benchmark]
    public void BlockLayerSubmitWrite()
    {
        _bio.Init(BioOperation.Write, BioFlags.Sync, NextOffset() >> DmIoConstants.SectorShift, _endIo, 1);
        _bio.TryAddSegment(_buffer);
        BlockLayer.Submit(_device, _bio);
    }

    /// <summary>dm_io_sync_vm of 4 KiB to the sparse file device.</summary>
    /// <returns>The return code.</returns>
    [Benchmark]
    public int DmIoVmWrite()
    {
        _region[0] = new IoRegion(_device, NextOffset() >> DmIoConstants.SectorShift, DmIoConstants.SectorsPerPage);
        return _legacy.SyncVm(_region, BioOperation.Write, new VmBuffer(_buffer), ref _errorBits);
    }

    private long NextOffset()
    {
        _next = (_next + 1) & (Offsets - 1);
        return _offsets[_next];
    }
}
