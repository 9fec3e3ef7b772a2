namespace DmIo.Testing;

/// <summary>
/// How a request's buffer is laid out: the memory kind, where the buffer starts inside its first page, and for a
/// bio vector how many sectors each element holds. The same logical bytes can be placed in any layout.
/// </summary>
/// <param name="Kind">The memory kind.</param>
/// <param name="PageOffsetSectors">Where the buffer starts in its first page, in sectors (0..7); page lists and VM/KMEM buffers use it, bio vectors place each element there when it fits.</param>
/// <param name="BvecSectors">Sectors per bio-vector element, cycled; each 1..8.</param>
public sealed record MemoryLayout(DmIoMemoryKind Kind, int PageOffsetSectors, IReadOnlyList<int> BvecSectors)
{
    /// <summary>The four kinds a request can use.</summary>
    public static readonly DmIoMemoryKind[] Kinds = [DmIoMemoryKind.PageList, DmIoMemoryKind.Bvec, DmIoMemoryKind.Vm, DmIoMemoryKind.Kmem];

    /// <summary>A plain VM buffer at a page boundary.</summary>
    public static MemoryLayout PlainVm { get; } = new(DmIoMemoryKind.Vm, 0, [8]);

    /// <summary>Allocates a buffer of <paramref name="bytes"/> bytes in this layout.</summary>
    /// <param name="bytes">A whole number of sectors.</param>
    /// <returns>The buffer.</returns>
    public LayoutBuffer Allocate(int bytes) => new(this, bytes);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DmIoMemoryKind.Bvec => $"bvec[{string.Join(',', BvecSectors)}]@{PageOffsetSectors}",
        DmIoMemoryKind.PageList => $"page_list@{PageOffsetSectors}",
        _ => $"{Kind.ToString().ToLowerInvariant()}@{PageOffsetSectors}",
    };
}
