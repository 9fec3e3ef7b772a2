namespace DmIo.VirtualDevices;

/// <summary>
/// Walks a parent bio's memory segments front to back, handing consecutive byte runs to child bios. A run may
/// start or end inside a segment (a chunk or segment boundary falls mid-page), so segments are sliced.
/// </summary>
internal sealed class SegmentWalker
{
    private readonly Bio _parent; // whose segments are walked
    private int _index;           // the segment the next byte comes from
    private int _offset;          // bytes of that segment already handed out

    public SegmentWalker(Bio parent) => _parent = parent;

    /// <summary>Adds the next <paramref name="bytes"/> bytes of the parent's memory to <paramref name="child"/>.</summary>
    public void AddTo(Bio child, long bytes)
    {
        while (bytes > 0)
        {
            Memory<byte> segment = _parent.Segments[_index];
            int take = (int)Math.Min(bytes, segment.Length - _offset);
            if (!child.TryAddSegment(segment.Slice(_offset, take)))
            {
                // A child covers a sub-range of the parent, so it can never need more room than the parent had.
                throw new InvalidOperationException($"Child of {_parent} refused a segment; the split is broken.");
            }

            bytes -= take;
            _offset += take;
            if (_offset == segment.Length)
            {
                _index++;
                _offset = 0;
            }
        }
    }
}
