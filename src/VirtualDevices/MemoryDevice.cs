using System.Runtime.InteropServices;

namespace DmIo.VirtualDevices;

/// <summary>
/// A dense in-memory block device: one byte array the size of the device. Discard and write-zeroes zero the
/// range. It completes bios inline or, in <see cref="DeviceCompletionMode.Queued"/> mode, when the owner calls
/// <see cref="BlockDeviceBase.CompleteNext"/> or <see cref="BlockDeviceBase.DrainCompletions"/>; the data moves
/// when the bio completes. Thread-safe: concurrent bios are served one at a time under a lock. It is a ram disk
/// (brd, bio-based) by default or a memory-backed <c>null_blk</c> (request-based), and shows that driver's limits
/// unless given others (<see cref="MemoryQueueDefaults"/>).
/// </summary>
public sealed class MemoryDevice : StorageDeviceBase
{
    private readonly byte[] _data; // the device contents, from _base on
    private readonly int _base;    // where byte 0 of the device sits in _data: the first page-aligned element

    /// <summary>Creates a zero-filled device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors: positive, at most 2 GiB worth.</param>
    /// <param name="limits">Its queue limits; its counterpart's (<see cref="MemoryQueueDefaults.LimitsFor"/>) when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    /// <param name="queueKind">Bio-based (a ram disk, the default) or request-based (<c>null_blk</c>).</param>
    public MemoryDevice(string name, long capacitySectors, QueueLimits? limits = null, DeviceCompletionMode completion = DeviceCompletionMode.Inline,
        IIoScheduler? scheduler = null, BlockQueueKind queueKind = BlockQueueKind.BioBased)
        : base(name, CheckDenseCapacity(capacitySectors), limits ?? MemoryQueueDefaults.LimitsFor(queueKind), completion, scheduler, queueKind)
    {
        (_data, _base) = AllocatePageAligned(capacitySectors << DmIoConstants.SectorShift);
    }

    /// <inheritdoc />
    protected override void ReadBytes(long offset, Span<byte> destination) =>
        _data.AsSpan(_base + checked((int)offset), destination.Length).CopyTo(destination);

    /// <inheritdoc />
    protected override void WriteBytes(long offset, ReadOnlySpan<byte> source) =>
        source.CopyTo(_data.AsSpan(_base + checked((int)offset), source.Length));

    /// <inheritdoc />
    protected override void ZeroBytes(long offset, long length) =>
        _data.AsSpan(_base + checked((int)offset), checked((int)length)).Clear();

    /// <inheritdoc />
    protected override void VisitExtents(AllocatedExtentVisitor visitor) => visitor(0, _data.AsSpan(_base, checked((int)CapacityBytes)));

    // The contents start on a page boundary, as a real device's pages do: an array's data lands anywhere modulo 64
    // (8-byte aligned), and memmove runs measurably slower when source and destination disagree modulo a cache
    // line, so an arbitrary start made copy speed depend on where the allocator happened to put the device. The
    // array is pinned (pinned object heap) so the address, and with it the alignment, never changes. A device
    // too large for the page of slack keeps an unaligned start.
    private static (byte[] Data, int Base) AllocatePageAligned(long bytes)
    {
        if (bytes > Array.MaxLength - DmIoConstants.PageSize)
        {
            return (new byte[bytes], 0);
        }

        byte[] data = GC.AllocateArray<byte>((int)bytes + DmIoConstants.PageSize, pinned: true);
        GCHandle handle = GCHandle.Alloc(data, GCHandleType.Pinned);
        long address = handle.AddrOfPinnedObject();
        handle.Free();
        int misalignment = (int)(address & (DmIoConstants.PageSize - 1));
        return (data, misalignment == 0 ? 0 : DmIoConstants.PageSize - misalignment);
    }

    // A dense device is one array, so it can be no larger than the largest array .NET allows.
    private static long CheckDenseCapacity(long capacitySectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacitySectors, (long)Array.MaxLength >> DmIoConstants.SectorShift);
        return capacitySectors;
    }
}
