namespace DmIo;

/// <summary>The kinds of memory a dm-io request can move data through (<c>enum dm_io_mem_type</c>).</summary>
public enum DmIoMemoryKind : byte
{
    /// <summary>No memory: only valid for discard and write-zeroes requests.</summary>
    None = 0,

    /// <summary>A linked list of pages with a byte offset into the first page (<c>DM_IO_PAGE_LIST</c>).</summary>
    PageList = 1,

    /// <summary>An array of {page, offset, length} elements (<c>DM_IO_BVEC</c>).</summary>
    Bvec = 2,

    /// <summary>A virtually contiguous (vmalloc) buffer (<c>DM_IO_VMA</c>).</summary>
    Vm = 3,

    /// <summary>A physically contiguous (kmalloc) buffer (<c>DM_IO_KMEM</c>).</summary>
    Kmem = 4,

    /// <summary>
    /// A bio's vectors from its iterator on (<c>DM_IO_BIO</c>, the unified API's replacement for the seed's bvec
    /// array), so a caller can send parts of a bio it holds to other devices.
    /// </summary>
    Bio = 5,
}
