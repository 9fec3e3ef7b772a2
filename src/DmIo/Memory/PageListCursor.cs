namespace DmIo;

/// <summary>Cursor over a page list: the offset applies to the first page only.</summary>
internal sealed class PageListCursor : MemoryCursor
{
    private PageList? _first;   // where Rewind returns to
    private int _firstOffset;   // offset into the first page only
    private PageList? _current; // the page under the cursor
    private int _offset;        // offset into the current page

    public void Init(PageList first, int offset)
    {
        _first = first;
        _firstOffset = offset;
        Rewind();
    }

    public override Memory<byte> GetPage(out BioSegmentPlace place)
    {
        place = new BioSegmentPlace(_current!.Page, _offset); // each page of a list is its own physical page
        return _current.Page.Data.AsMemory(_offset, DmIoConstants.PageSize - _offset);
    }

    public override void NextPage()
    {
        _current = _current!.Next;
        _offset = 0;
    }

    public override void Rewind()
    {
        _current = _first;
        _offset = _firstOffset;
    }

    public void Clear()
    {
        _first = null;
        _current = null;
    }
}
