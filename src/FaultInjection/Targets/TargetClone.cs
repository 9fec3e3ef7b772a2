namespace DmIo.FaultInjection;

/// <summary>
/// A child bio a stacked fault target sends to the device beneath it (the kernel's clone of the original bio):
/// it covers all or part of its parent's bytes, or a private copy of them, at a remapped sector, and reports its
/// status to a continuation. The parent is never touched by the clone; the continuation completes it.
/// </summary>
internal sealed class TargetClone : IBioEndIo
{
    private readonly Bio _bio = new();          // the child; one per clone, so no pooling hazards
    private readonly Action<BlkStatus> _onDone; // completes (or continues) the parent

    private TargetClone(Action<BlkStatus> onDone) => _onDone = onDone;

    /// <summary>
    /// Sends bytes [<paramref name="byteOffset"/>, +<paramref name="byteLength"/>) of <paramref name="parent"/> to
    /// <paramref name="lower"/> at <paramref name="lowerSector"/>. Dataless parents (discard, write-zeroes, empty
    /// flush) send a dataless child of the same length. When <paramref name="privateData"/> is given it replaces
    /// the parent's bytes (same segment layout), so a corrupted write never changes the caller's buffer.
    /// </summary>
    /// <param name="lower">The device beneath.</param>
    /// <param name="parent">The bio being served; read for its operation, id, priority and memory.</param>
    /// <param name="flags">The child's flags (usually the parent's).</param>
    /// <param name="lowerSector">Where the child starts on <paramref name="lower"/>.</param>
    /// <param name="byteOffset">Offset into the parent's bytes; a whole number of sectors.</param>
    /// <param name="byteLength">Bytes to cover; a whole number of sectors.</param>
    /// <param name="privateData">A copy of the parent's whole payload to send instead of its memory, or null.</param>
    /// <param name="onDone">Runs once with the child's status.</param>
    public static void Submit(IBlockDevice lower, Bio parent, BioFlags flags, long lowerSector, long byteOffset, long byteLength,
        byte[]? privateData, Action<BlkStatus> onDone)
    {
        var clone = new TargetClone(onDone);
        Bio child = clone._bio;
        child.Init(parent.Operation, flags, lowerSector, clone, vecCapacity: privateData is null ? 0 : DmIoConstants.BioMaxVecs);
        child.Id = parent.Id;
        child.Priority = parent.Priority;
        if (privateData is null)
        {
            child.CloneRangeOf(parent, byteOffset, byteLength); // shares the parent's memory, physical places and all
        }
        else
        {
            AddSlices(child, parent, byteOffset, byteLength, privateData);
        }

        try
        {
            BlockLayer.Submit(lower, child);
        }
        catch (Exception) when (!child.IsCompleted)
        {
            // The device beneath threw instead of completing: fail the clone so the parent still completes, then rethrow.
            child.Complete(BlkStatus.IoError);
            throw;
        }
    }

    /// <summary>Forwards the whole of <paramref name="parent"/> and completes it with the child's status.</summary>
    /// <param name="lower">The device beneath.</param>
    /// <param name="parent">The bio to forward.</param>
    /// <param name="lowerSector">Where it lands on <paramref name="lower"/>.</param>
    public static void Remap(IBlockDevice lower, Bio parent, long lowerSector) =>
        Submit(lower, parent, parent.Flags, lowerSector, 0, parent.Size, null, parent.Complete);

    /// <inheritdoc />
    public void EndIo(Bio bio) => _onDone(bio.Status);

    private static void AddSlices(Bio child, Bio parent, long byteOffset, long byteLength, byte[] privateData)
    {
        long segmentStart = 0; // offset of the current parent segment within the parent's payload
        long end = byteOffset + byteLength;
        foreach (Memory<byte> segment in parent.Segments)
        {
            long segmentEnd = segmentStart + segment.Length;
            long from = Math.Max(segmentStart, byteOffset);
            long to = Math.Min(segmentEnd, end);
            if (from < to)
            {
                Memory<byte> slice = privateData.AsMemory((int)from, (int)(to - from));
                if (!child.TryAddSegment(slice))
                {
                    // A child has no limits of its own and at most as many segments as its parent (256).
                    throw new InvalidOperationException($"Clone of bio {parent.Id} could not take segment at byte {from}.");
                }
            }

            segmentStart = segmentEnd;
        }
    }
}
