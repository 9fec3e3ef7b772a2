namespace DmIo.Testing;

/// <summary>Shrinks a <see cref="MemoryLayout"/> toward <see cref="MemoryLayout.PlainVm"/>: a VM buffer at a page boundary, whole-page vector elements.</summary>
public static class LayoutShrinker
{
    /// <summary>Simpler layouts, each one step closer to <see cref="MemoryLayout.PlainVm"/>; none when it is already plain.</summary>
    /// <param name="layout">The layout to shrink.</param>
    /// <returns>The candidates, most aggressive first.</returns>
    public static IEnumerable<MemoryLayout> Shrink(MemoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Kind != DmIoMemoryKind.Vm)
        {
            yield return layout with { Kind = DmIoMemoryKind.Vm };
        }

        if (layout.PageOffsetSectors != 0)
        {
            yield return layout with { PageOffsetSectors = 0 };
            if (layout.PageOffsetSectors > 1)
            {
                yield return layout with { PageOffsetSectors = layout.PageOffsetSectors / 2 };
            }
        }

        for (int i = 0; i < layout.BvecSectors.Count && layout.BvecSectors.Count > 1; i++)
        {
            yield return layout with { BvecSectors = [.. layout.BvecSectors.Where((_, k) => k != i)] };
        }

        for (int i = 0; i < layout.BvecSectors.Count; i++)
        {
            if (layout.BvecSectors[i] != DmIoConstants.SectorsPerPage)
            {
                yield return layout with { BvecSectors = [.. layout.BvecSectors.Select((s, k) => k == i ? DmIoConstants.SectorsPerPage : s)] };
            }
        }
    }
}
