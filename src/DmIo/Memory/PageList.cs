namespace DmIo;

/// <summary>
/// A node of a singly linked list of pages (<c>struct page_list</c>). A page-list buffer starts at a
/// byte offset into the <em>first</em> page only; every later page is used from its start.
/// </summary>
public sealed class PageList
{
    /// <summary>Creates a node holding <paramref name="page"/>, followed by <paramref name="next"/>.</summary>
    /// <param name="page">The page this node holds.</param>
    /// <param name="next">The following node, or null at the end of the list.</param>
    public PageList(Page page, PageList? next = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        Page = page;
        Next = next;
    }

    /// <summary>The page this node holds.</summary>
    public Page Page { get; }

    /// <summary>The following node, or null at the end of the list.</summary>
    public PageList? Next { get; set; }

    /// <summary>Builds a list of <paramref name="pageCount"/> fresh zeroed pages.</summary>
    /// <param name="pageCount">How many pages; at least 1.</param>
    /// <returns>The first node.</returns>
    public static PageList Allocate(int pageCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageCount, 1);
        PageList? head = null;
        for (int i = 0; i < pageCount; i++)
        {
            head = new PageList(new Page(), head);
        }

        return head!;
    }

    /// <summary>Counts nodes from this one, stopping once <paramref name="limit"/> is reached (so a cyclic list cannot hang the count).</summary>
    /// <param name="limit">The count at which to stop walking.</param>
    /// <returns>The number of nodes, at most <paramref name="limit"/>.</returns>
    public long CountPages(long limit)
    {
        long n = 0;
        for (PageList? node = this; node != null && n < limit; node = node.Next)
        {
            n++;
        }

        return n;
    }

    /// <summary>Copies <paramref name="source"/> into the list, starting <paramref name="offset"/> bytes into the first page.</summary>
    /// <param name="offset">Byte offset into the first page.</param>
    /// <param name="source">The bytes to place.</param>
    public void Write(int offset, ReadOnlySpan<byte> source)
    {
        PageList? node = this;
        int pageOffset = offset;
        while (!source.IsEmpty)
        {
            if (node is null)
            {
                throw new ArgumentException("The page list is shorter than the data written into it.", nameof(source));
            }

            int n = Math.Min(DmIoConstants.PageSize - pageOffset, source.Length);
            source[..n].CopyTo(node.Page.Data.AsSpan(pageOffset, n));
            source = source[n..];
            node = node.Next;
            pageOffset = 0;
        }
    }

    /// <summary>Copies bytes out of the list, starting <paramref name="offset"/> bytes into the first page.</summary>
    /// <param name="offset">Byte offset into the first page.</param>
    /// <param name="destination">Where to copy; its length says how many bytes.</param>
    public void Read(int offset, Span<byte> destination)
    {
        PageList? node = this;
        int pageOffset = offset;
        while (!destination.IsEmpty)
        {
            if (node is null)
            {
                throw new ArgumentException("The page list is shorter than the data read from it.", nameof(destination));
            }

            int n = Math.Min(DmIoConstants.PageSize - pageOffset, destination.Length);
            node.Page.Data.AsSpan(pageOffset, n).CopyTo(destination);
            destination = destination[n..];
            node = node.Next;
            pageOffset = 0;
        }
    }
}
