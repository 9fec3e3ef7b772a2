namespace DmIo;

/// <summary>
/// Walks a request's memory one page-sized chunk at a time (the kernel's <c>struct dpages</c>).
/// The dispatcher only ever calls <see cref="GetPage"/>, <see cref="NextPage"/> and <see cref="Rewind"/>,
/// so it never needs to know which kind of memory it is moving.
/// </summary>
internal abstract class MemoryCursor
{
    /// <summary>The chunk at the cursor: from the current offset to the end of the current page (or element), and where it sits in physical memory.</summary>
    /// <param name="place">Receives the chunk's physical place, which decides whether a bio merges it into the previous vector.</param>
    /// <returns>The chunk.</returns>
    public abstract Memory<byte> GetPage(out BioSegmentPlace place);

    /// <summary>Moves to the start of the next page (or element).</summary>
    public abstract void NextPage();

    /// <summary>Returns to where the cursor started, so each region of a multi-region write sends the same bytes.</summary>
    public abstract void Rewind();
}
