namespace DmIo;

/// <summary>
/// Describes the memory a request reads into or writes from (<c>struct dm_io_memory</c>).
/// Build one with <see cref="FromPageList"/>, <see cref="FromBvec"/>, <see cref="FromVm"/>, <see cref="FromKmem"/> or <see cref="FromBio"/>.
/// </summary>
public readonly struct DmIoMemory
{
    private DmIoMemory(DmIoMemoryKind kind, PageList? pageList, int offset, BioVec[]? vectors, VmBuffer buffer, Bio? bio = null)
    {
        SourceBio = bio;
        Kind = kind;
        PageList = pageList;
        Offset = offset;
        Vectors = vectors;
        Buffer = buffer;
    }

    /// <summary>No memory, for discard and write-zeroes requests.</summary>
    public static DmIoMemory None => default;

    /// <summary>Which kind of memory this is.</summary>
    public DmIoMemoryKind Kind { get; }

    /// <summary>The first page-list node, for <see cref="DmIoMemoryKind.PageList"/>.</summary>
    public PageList? PageList { get; }

    /// <summary>The byte offset into the first page: the page-list offset, or the VM/KMEM buffer's page offset.</summary>
    public int Offset { get; }

    /// <summary>The bio vector array, for <see cref="DmIoMemoryKind.Bvec"/>.</summary>
    public BioVec[]? Vectors { get; }

    /// <summary>The contiguous buffer, for <see cref="DmIoMemoryKind.Vm"/> and <see cref="DmIoMemoryKind.Kmem"/>.</summary>
    public VmBuffer Buffer { get; }

    /// <summary>The bio whose vectors are the memory, for <see cref="DmIoMemoryKind.Bio"/>.</summary>
    public Bio? SourceBio { get; }

    /// <summary>Memory from a page list, starting <paramref name="offset"/> bytes into its first page.</summary>
    /// <param name="pages">The first node; must not be null.</param>
    /// <param name="offset">Byte offset into the first page only: 0..4095 and a multiple of 512.</param>
    /// <returns>The descriptor.</returns>
    public static DmIoMemory FromPageList(PageList pages, int offset = 0) =>
        new(DmIoMemoryKind.PageList, pages, offset, null, default);

    /// <summary>Memory from a bio vector array, used element by element.</summary>
    /// <param name="vectors">The elements; each a whole number of sectors inside one page.</param>
    /// <returns>The descriptor.</returns>
    public static DmIoMemory FromBvec(BioVec[] vectors) =>
        new(DmIoMemoryKind.Bvec, null, 0, vectors, default);

    /// <summary>Memory from a virtually contiguous buffer.</summary>
    /// <param name="buffer">The buffer and its offset inside its first page.</param>
    /// <returns>The descriptor.</returns>
    public static DmIoMemory FromVm(VmBuffer buffer) =>
        new(DmIoMemoryKind.Vm, null, buffer.PageOffset, null, buffer);

    /// <summary>Memory from a physically contiguous kernel buffer.</summary>
    /// <param name="buffer">The buffer and its offset inside its first page.</param>
    /// <returns>The descriptor.</returns>
    public static DmIoMemory FromKmem(VmBuffer buffer) =>
        new(DmIoMemoryKind.Kmem, null, buffer.PageOffset, null, buffer);

    /// <summary>
    /// Memory from a bio's vectors, from its iterator on (<c>DM_IO_BIO</c>). The request reads or writes the bio's
    /// pages; the bio itself is neither submitted nor changed.
    /// </summary>
    /// <param name="bio">The bio; its <see cref="Bio.Size"/> bounds what the regions may move.</param>
    /// <returns>The descriptor.</returns>
    public static DmIoMemory FromBio(Bio bio) =>
        new(DmIoMemoryKind.Bio, null, 0, null, default, bio);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DmIoMemoryKind.Bio => $"bio({SourceBio?.Size ?? 0} bytes in {SourceBio?.SegmentCount ?? 0} vectors)",
        DmIoMemoryKind.PageList => $"page_list(offset={Offset})",
        DmIoMemoryKind.Bvec => $"bvec({Vectors?.Length ?? 0} elements)",
        DmIoMemoryKind.Vm => $"vm({Buffer.Data.Length} bytes, page offset {Offset})",
        DmIoMemoryKind.Kmem => $"kmem({Buffer.Data.Length} bytes, page offset {Offset})",
        _ => "none",
    };

    /// <summary>
    /// Checks the descriptor can supply <paramref name="neededBytes"/> bytes, throwing an
    /// <see cref="ArgumentException"/> naming <paramref name="paramName"/> and the problem when it cannot.
    /// Walks at most the pages needed, so a cyclic page list cannot hang it.
    /// </summary>
    /// <param name="neededBytes">Bytes the request will move through the memory (the largest region).</param>
    /// <param name="paramName">The parameter name to blame.</param>
    internal void Validate(long neededBytes, string paramName)
    {
        const int page = DmIoConstants.PageSize;
        const int sector = DmIoConstants.SectorSize;
        switch (Kind)
        {
            case DmIoMemoryKind.PageList:
                if (PageList is null)
                {
                    throw new ArgumentNullException(paramName, "The page list is null.");
                }

                ValidateOffset(Offset, "page-list offset", paramName);
                long pagesNeeded = (Offset + neededBytes + page - 1) / page;
                long pagesHeld = PageList.CountPages(pagesNeeded);
                if (pagesHeld < pagesNeeded)
                {
                    throw new ArgumentException(
                        $"The page list holds {pagesHeld} page(s) but the regions need {pagesNeeded} ({neededBytes} bytes from offset {Offset}).",
                        paramName);
                }

                break;
            case DmIoMemoryKind.Bvec:
                if (Vectors is null)
                {
                    throw new ArgumentNullException(paramName, "The bio vector array is null.");
                }

                long held = 0;
                for (int i = 0; i < Vectors.Length && held < neededBytes; i++)
                {
                    BioVec v = Vectors[i];
                    if (v.Page is null)
                    {
                        throw new ArgumentException($"Bio vector element {i} has a null page.", paramName);
                    }

                    if (v.Length <= 0 || v.Length % sector != 0)
                    {
                        throw new ArgumentException(
                            $"Bio vector element {i} has length {v.Length}; lengths must be positive multiples of {sector}.", paramName);
                    }

                    if (v.Offset < 0 || v.Offset + v.Length > page)
                    {
                        throw new ArgumentException(
                            $"Bio vector element {i} (offset {v.Offset}, length {v.Length}) runs outside its {page}-byte page.", paramName);
                    }

                    held += v.Length;
                }

                if (held < neededBytes)
                {
                    throw new ArgumentException(
                        $"The bio vector array holds {held} bytes but the regions need {neededBytes}.", paramName);
                }

                break;
            case DmIoMemoryKind.Vm:
            case DmIoMemoryKind.Kmem:
                ValidateOffset(Offset, "buffer page offset", paramName);
                if (Buffer.Data.Length < neededBytes)
                {
                    throw new ArgumentException(
                        $"The {Kind.ToString().ToLowerInvariant()} buffer holds {Buffer.Data.Length} bytes but the regions need {neededBytes}.",
                        paramName);
                }

                break;
            case DmIoMemoryKind.Bio:
                if (SourceBio is null)
                {
                    throw new ArgumentNullException(paramName, "The memory bio is null.");
                }

                if (SourceBio.Size < neededBytes)
                {
                    throw new ArgumentException(
                        $"The memory bio covers {SourceBio.Size} bytes but the regions need {neededBytes}.", paramName);
                }

                break;
            case DmIoMemoryKind.None:
                if (neededBytes > 0)
                {
                    throw new ArgumentException(
                        $"The request moves {neededBytes} bytes but names no memory.", paramName);
                }

                break;
            default:
                throw new ArgumentException($"Unknown memory kind {(int)Kind}.", paramName);
        }
    }

    private static void ValidateOffset(int offset, string what, string paramName)
    {
        if (offset < 0 || offset >= DmIoConstants.PageSize)
        {
            throw new ArgumentOutOfRangeException(paramName, offset,
                $"The {what} must be in 0..{DmIoConstants.PageSize - 1}.");
        }

        if (offset % DmIoConstants.SectorSize != 0)
        {
            throw new ArgumentOutOfRangeException(paramName, offset,
                $"The {what} must be a multiple of {DmIoConstants.SectorSize}, or bios would carry partial sectors.");
        }
    }
}
