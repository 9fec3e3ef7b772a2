using DmIo.VirtualDevices;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// One 4 KiB buffer in every memory kind, a dense memory device, and a byte array of the same size as the
/// device for the raw-copy baseline. Each operation moves to the next 4 KiB slot, so dm-io and the raw copy
/// touch the same number of distinct bytes (the same working set) in the same order.
/// </summary>
public sealed class SmallIoFixture
{
    /// <summary>Bytes moved per operation.</summary>
    public const int IoBytes = DmIoConstants.PageSize;

    private readonly int _slotMask; // slots - 1; slots is a power of two
    private int _slot;              // the 4 KiB slot the next operation uses

    /// <summary>Builds the fixture.</summary>
    /// <param name="workingSetBytes">Device size and raw-copy array size: a power of two, at least 4 KiB.</param>
    public SmallIoFixture(int workingSetBytes)
    {
        if (workingSetBytes < IoBytes || (workingSetBytes & (workingSetBytes - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(workingSetBytes), workingSetBytes, "Must be a power of two of at least 4096.");
        }

        _slotMask = (workingSetBytes / IoBytes) - 1;
        Device = Prefault.Touch(new MemoryDevice("mem", workingSetBytes >> DmIoConstants.SectorShift));
        RawStore = PageAligned.Allocate(workingSetBytes);
        Pages = PageList.Allocate(1);
        new DeterministicRandom(2).NextBytes(Pages.Page.Data); // content is irrelevant to timing; seeded like everything else

        // Every row moves the very same 4 KiB (one page): separate buffers would sit at different offsets modulo
        // 4096 from the store, and memmove's speed depends on that (4K aliasing), not on dm-io.
        RawBuffer = Pages.Page.Data;
        Vectors = [new BioVec(Pages.Page, 0, IoBytes)];
        Vm = new VmBuffer(RawBuffer);
        Legacy = new DmIoLegacy();
        Legacy.Get(1);
        Regions = new IoRegion[1];
    }

    /// <summary>The dense memory device every dm-io operation targets.</summary>
    public MemoryDevice Device { get; }

    /// <summary>The raw-copy baseline's "device": a plain array as large as <see cref="Device"/>.</summary>
    public Memory<byte> RawStore { get; }

    /// <summary>The 4 KiB every row moves: the page of <see cref="Pages"/>, also behind <see cref="Vectors"/> and <see cref="Vm"/>.</summary>
    public byte[] RawBuffer { get; }

    /// <summary>The same 4 KiB as a one-page page list.</summary>
    public PageList Pages { get; }

    /// <summary>The same 4 KiB as a one-element bio vector.</summary>
    public BioVec[] Vectors { get; }

    /// <summary>The same 4 KiB as a vm buffer.</summary>
    public VmBuffer Vm { get; }

    /// <summary>The seed's module state with a one-page io pool.</summary>
    public DmIoLegacy Legacy { get; }

    /// <summary>A reusable one-region array, pointed at the next slot by <see cref="NextRegion"/>.</summary>
    public IoRegion[] Regions { get; }

    /// <summary>Advances to the next slot and returns its byte offset.</summary>
    /// <returns>The slot's offset in bytes.</returns>
    public int NextOffset()
    {
        _slot = (_slot + 1) & _slotMask;
        return _slot * IoBytes;
    }

    /// <summary>Advances to the next slot and points <see cref="Regions"/> at it.</summary>
    /// <returns><see cref="Regions"/>.</returns>
    public IoRegion[] NextRegion()
    {
        Regions[0] = new IoRegion(Device, (long)NextOffset() >> DmIoConstants.SectorShift, IoBytes >> DmIoConstants.SectorShift);
        return Regions;
    }
}
