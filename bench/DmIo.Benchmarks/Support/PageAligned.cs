using System.Runtime.InteropServices;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// Page-aligned byte ranges for the raw-copy baselines and the sources they share with dm-io. The memory device
/// keeps its contents page-aligned, so a baseline array must be too: memmove's speed depends on how source and
/// destination sit modulo a cache line, and an ordinary array starts anywhere modulo 64. Pinned, so the alignment
/// holds for the life of the benchmark.
/// </summary>
public static class PageAligned
{
    /// <summary>Allocates <paramref name="bytes"/> bytes starting on a 4096-byte boundary, touched once (see <see cref="Prefault"/>).</summary>
    /// <param name="bytes">The length; positive.</param>
    /// <returns>The range, as memory over a pinned array.</returns>
    public static Memory<byte> Allocate(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        byte[] array = GC.AllocateArray<byte>(bytes + DmIoConstants.PageSize, pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        long address = handle.AddrOfPinnedObject();
        handle.Free();
        int misalignment = (int)(address & (DmIoConstants.PageSize - 1));
        array.AsSpan().Fill(0);
        return array.AsMemory(misalignment == 0 ? 0 : DmIoConstants.PageSize - misalignment, bytes);
    }
}
