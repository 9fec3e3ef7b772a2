namespace DmIo;

/// <summary>Cursor over a bio vector array: one element per step, whatever its length.</summary>
internal sealed class BvecCursor : MemoryCursor
{
    private BioVec[]? _vectors; // the array being walked
    private int _index;         // the element under the cursor

    public void Init(BioVec[] vectors)
    {
        _vectors = vectors;
        _index = 0;
    }

    public override Memory<byte> GetPage(out BioSegmentPlace place)
    {
        BioVec vector = _vectors![_index];
        place = new BioSegmentPlace(vector.Page, vector.Offset); // two elements continuing one page merge in a bio
        return vector.Memory;
    }

    public override void NextPage() => _index++;

    public override void Rewind() => _index = 0;

    public void Clear() => _vectors = null;
}
