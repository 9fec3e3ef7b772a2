namespace DmIo;

/// <summary>
/// Cursor over a contiguous buffer (VM or KMEM): the first chunk runs from the buffer's page offset to the
/// end of that page, every later chunk is a whole page, exactly where vmalloc memory changes page. KMEM is
/// physically contiguous, so its chunks share one frame and merge in a bio (<c>km_get_page</c>); each VM page is
/// a page of its own (<c>vm_get_page</c> looks each one up), so VM chunks never merge across pages.
/// </summary>
internal sealed class ContiguousCursor : MemoryCursor
{
    private readonly object _kmemFrame = new(); // stands for the physically contiguous run a KMEM buffer is
    private Memory<byte> _data;  // the whole buffer
    private bool _physicallyContiguous; // KMEM (true) or VM (false)
    private int _firstOffset;    // the buffer's offset inside its first page
    private int _position;       // bytes of the buffer already stepped over
    private int _pageOffset;     // offset inside the current page

    public void Init(VmBuffer buffer, bool physicallyContiguous)
    {
        _data = buffer.Data;
        _physicallyContiguous = physicallyContiguous;
        _firstOffset = buffer.PageOffset;
        Rewind();
    }

    public override Memory<byte> GetPage(out BioSegmentPlace place)
    {
        int length = Math.Min(DmIoConstants.PageSize - _pageOffset, _data.Length - _position);
        place = _physicallyContiguous
            ? new BioSegmentPlace(_kmemFrame, _firstOffset + (long)_position)
            : new BioSegmentPlace(null, _pageOffset);
        return _data.Slice(_position, length);
    }

    public override void NextPage()
    {
        _position += DmIoConstants.PageSize - _pageOffset;
        _pageOffset = 0;
    }

    public override void Rewind()
    {
        _position = 0;
        _pageOffset = _firstOffset;
    }

    public void Clear() => _data = default;
}
