namespace DmIo.FaultInjection;

/// <summary>
/// Builds the child bios stacked fault devices send to the device beneath them. A child carries the parent's
/// id, operation, flags and memory, so fault records and traces name the bio the engine issued.
/// </summary>
internal static class ChildBios
{
    /// <summary>Creates a child covering the whole parent at <paramref name="sector"/> on the lower device.</summary>
    /// <param name="parent">The bio being forwarded.</param>
    /// <param name="sector">Where the child starts on the lower device.</param>
    /// <param name="endIo">Who hears about the child's completion.</param>
    /// <returns>The child, ready for <see cref="BlockLayer.Submit"/>; its <see cref="Bio.Private"/> is the parent.</returns>
    public static Bio Forward(Bio parent, long sector, IBioEndIo endIo) => ForwardInto(new Bio(), parent, sector, endIo);

    /// <summary>
    /// Like <see cref="Forward"/>, but re-initialises a bio the caller owns and reuses (a pooled child), so a
    /// forwarding device allocates nothing per bio. The caller must not reuse it before it has completed.
    /// </summary>
    /// <param name="child">The bio to re-initialise as the child.</param>
    /// <param name="parent">The bio being forwarded.</param>
    /// <param name="sector">Where the child starts on the lower device.</param>
    /// <param name="endIo">Who hears about the child's completion.</param>
    /// <returns><paramref name="child"/>, ready for <see cref="BlockLayer.Submit"/>; its <see cref="Bio.Private"/> is the parent.</returns>
    public static Bio ForwardInto(Bio child, Bio parent, long sector, IBioEndIo endIo)
    {
        // The child carries the parent's vectors and no more, as a kernel clone shares the parent's table: a
        // 256-entry table per child was a quarter of what a sweep seed allocated.
        child.Init(parent.Operation, parent.Flags, sector, endIo, vecCapacity: parent.SegmentCount);
        child.Id = parent.Id;
        child.Priority = parent.Priority;
        child.Private = parent;
        if (parent.SegmentCount == 0)
        {
            child.SetDatalessSize(parent.Size);
            return child;
        }

        foreach (Memory<byte> segment in parent.Segments)
        {
            AddOrThrow(child, segment);
        }

        return child;
    }

    /// <summary>Creates a child covering only the first <paramref name="bytes"/> bytes of the parent's memory.</summary>
    /// <param name="parent">A bio with data.</param>
    /// <param name="sector">Where the child starts on the lower device.</param>
    /// <param name="bytes">How many leading bytes to carry; a whole number of sectors, less than the parent's size.</param>
    /// <param name="endIo">Who hears about the child's completion.</param>
    /// <returns>The child, ready for <see cref="BlockLayer.Submit"/>.</returns>
    public static Bio ForwardPrefix(Bio parent, long sector, long bytes, IBioEndIo endIo)
    {
        var child = new Bio();
        child.Init(parent.Operation, parent.Flags, sector, endIo, vecCapacity: parent.SegmentCount);
        child.Id = parent.Id;
        child.Priority = parent.Priority;
        child.Private = parent;
        foreach (Memory<byte> segment in parent.Segments)
        {
            if (bytes == 0)
            {
                break;
            }

            Memory<byte> part = segment.Length <= bytes ? segment : segment[..(int)bytes];
            AddOrThrow(child, part);
            bytes -= part.Length;
        }

        return child;
    }

    /// <summary>Creates a write child that carries <paramref name="data"/> instead of the parent's memory.</summary>
    /// <param name="parent">The bio being served, or null for writes no caller issued (cache write-back).</param>
    /// <param name="flags">The child's flags.</param>
    /// <param name="sector">Where the child writes on the lower device.</param>
    /// <param name="data">The bytes to write; a whole number of sectors. They travel as one segment.</param>
    /// <param name="endIo">Who hears about the child's completion.</param>
    /// <returns>The child, ready for <see cref="BlockLayer.Submit"/>.</returns>
    public static Bio WriteOf(Bio? parent, BioFlags flags, long sector, Memory<byte> data, IBioEndIo endIo)
    {
        var child = new Bio();
        child.Init(BioOperation.Write, flags, sector, endIo, vecCapacity: data.IsEmpty ? 0 : 1);
        child.Id = parent?.Id ?? 0;
        child.Priority = parent?.Priority ?? 0;
        child.Private = parent;
        if (!data.IsEmpty)
        {
            AddOrThrow(child, data);
        }

        return child;
    }

    /// <summary>Gathers a bio's memory into one new array (a write's payload, or a read's result).</summary>
    /// <param name="bio">A bio with data.</param>
    /// <returns>A copy of its bytes.</returns>
    public static byte[] Gather(Bio bio)
    {
        byte[] bytes = new byte[bio.Size];
        bio.CopyFromSegments(bytes);
        return bytes;
    }

    private static void AddOrThrow(Bio child, Memory<byte> segment)
    {
        if (!child.TryAddSegment(segment))
        {
            throw new InvalidOperationException($"A child bio cannot hold {child.SegmentCount + 1} segments; the parent exceeded {DmIoConstants.BioMaxVecs}.");
        }
    }
}
