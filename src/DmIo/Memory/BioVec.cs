namespace DmIo;

/// <summary>
/// One element of a bio vector array (<c>struct bio_vec</c>): <paramref name="Length"/> bytes of
/// <paramref name="Page"/> starting at <paramref name="Offset"/>. Lengths must be whole sectors.
/// </summary>
/// <param name="Page">The page holding the bytes.</param>
/// <param name="Offset">Byte offset inside the page.</param>
/// <param name="Length">Number of bytes; a positive multiple of 512 with <c>Offset + Length &lt;= 4096</c>.</param>
public readonly record struct BioVec(Page Page, int Offset, int Length)
{
    /// <summary>The bytes this element names.</summary>
    public Memory<byte> Memory => Page.Data.AsMemory(Offset, Length);
}
