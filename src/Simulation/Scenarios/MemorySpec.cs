using DmIo;

namespace DmIo.Simulation.Scenarios;

/// <summary>
/// How a request's buffer is laid out in memory, so the same bytes can travel as any of the four dm-io memory kinds.
/// </summary>
/// <param name="Kind">page_list, bvec, vm or kmem (none for discard and write-zeroes).</param>
/// <param name="Offset">Page-list offset into the first page, or the vm/kmem buffer's offset inside its first page.</param>
/// <param name="Segments">For bvec: explicit (offset, length) per element, each on its own page; null for uniform cuts.</param>
/// <param name="SegmentBytes">For bvec without explicit segments: each element's length (the last may be shorter).</param>
public sealed record MemorySpec(DmIoMemoryKind Kind, int Offset, IReadOnlyList<(int Offset, int Length)>? Segments, int SegmentBytes)
{
    /// <summary>The default: a page list starting at offset 0.</summary>
    public static MemorySpec Default { get; } = new(DmIoMemoryKind.PageList, 0, null, DmIoConstants.PageSize);

    /// <summary>No memory (discard, write-zeroes).</summary>
    public static MemorySpec None { get; } = new(DmIoMemoryKind.None, 0, null, 0);
}
