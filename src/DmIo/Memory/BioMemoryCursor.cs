namespace DmIo;

/// <summary>
/// Cursor over a bio used as memory (DM_IO_BIO, <c>bio_get_page</c>/<c>bio_next_page</c>): it walks the bio's
/// vectors from its iterator on, one page-sized piece at a time (<c>bvec_iter_bvec</c>), keeping each piece's
/// physical place so pieces of one multi-page vector merge again in the bios dm-io builds.
/// </summary>
internal sealed class BioMemoryCursor : MemoryCursor
{
    private Bio? _bio;          // the bio whose vectors are the memory
    private int _index;         // the segment of _bio.Segments under the cursor
    private int _done;          // bytes of that segment already stepped over
    private int _pieceLength;   // the length GetPage last returned, so NextPage need not work it out again

    public void Init(Bio bio)
    {
        _bio = bio;
        Rewind();
    }

    public override Memory<byte> GetPage(out BioSegmentPlace place)
    {
        Memory<byte> segment = _bio!.Segments[_index];
        BioSegmentPlace start = _bio.PlaceOf(_index).Plus(_done);
        _pieceLength = Math.Min(segment.Length - _done, DmIoConstants.PageSize - start.PageOffset);
        place = start;
        return segment.Slice(_done, _pieceLength);
    }

    public override void NextPage()
    {
        _done += _pieceLength;
        if (_done == _bio!.Segments[_index].Length)
        {
            _index++;
            _done = 0;
        }
    }

    public override void Rewind()
    {
        _index = 0;
        _done = 0;
    }

    public void Clear() => _bio = null;
}
