namespace DmIo;

/// <summary>
/// Cursor over a contiguous buffer (VM or KMEM): the first chunk runs from the buffer's page offset to the
/// end of that page, every later chunk is a whole page, exactly where vmalloc memory changes page.
/// </summary>
internal sealed class ContiguousCursor : MemoryCursor
{
    private Memory<byte> _data;  // the whole buffer
    private int _firstOffset;    // the buffer's offset inside its first page
    private int _position;       // bytes of the buffer already stepped over
    private int _pageOffset;     // offset inside the current page

    public void Init(VmBuffer buffer)
    {
        _data = buffer.Data;
        _firstOffset = buffer.PageOffset;
        Rewind();
    }

    public override Memory<byte> GetPage()
    {
        int length = Math.Min(DmIoConstants.PageSize - _pageOffset, _data.Length - _position);
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
