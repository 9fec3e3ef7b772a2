namespace DmIo.Testing;

/// <summary>A buffer of a given <see cref="MemoryLayout"/>: the descriptor to hand dm-io, and its logical bytes.</summary>
public sealed class LayoutBuffer
{
    private const int Page = DmIoConstants.PageSize;
    private const int Sector = DmIoConstants.SectorSize;
    private readonly PageList? _pages;     // page-list storage
    private readonly BioVec[]? _vectors;   // bio-vector storage
    private readonly byte[]? _contiguous;  // VM / KMEM storage
    private readonly int _offset;          // byte offset into the first page

    /// <summary>Allocates <paramref name="bytes"/> bytes laid out as <paramref name="layout"/>.</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="bytes">The logical size, a whole number of sectors.</param>
    public LayoutBuffer(MemoryLayout layout, int bytes)
    {
        Layout = layout;
        Length = bytes;
        _offset = layout.PageOffsetSectors * Sector;
        switch (layout.Kind)
        {
            case DmIoMemoryKind.PageList:
                _pages = PageList.Allocate(Math.Max(1, (_offset + bytes + Page - 1) / Page));
                Memory = DmIoMemory.FromPageList(_pages, _offset);
                break;
            case DmIoMemoryKind.Bvec:
                _vectors = BuildVectors(layout, Math.Max(bytes, Sector));
                Memory = DmIoMemory.FromBvec(_vectors);
                break;
            case DmIoMemoryKind.Kmem:
                _contiguous = new byte[bytes];
                Memory = DmIoMemory.FromKmem(new VmBuffer(_contiguous, _offset));
                break;
            default:
                _contiguous = new byte[bytes];
                Memory = DmIoMemory.FromVm(new VmBuffer(_contiguous, _offset));
                break;
        }
    }

    /// <summary>The layout.</summary>
    public MemoryLayout Layout { get; }

    /// <summary>The logical size in bytes.</summary>
    public int Length { get; }

    /// <summary>The descriptor for a request.</summary>
    public DmIoMemory Memory { get; }

    /// <summary>Places <paramref name="data"/> at the start of the logical buffer.</summary>
    /// <param name="data">At most <see cref="Length"/> bytes.</param>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_pages is not null)
        {
            _pages.Write(_offset, data);
        }
        else if (_vectors is not null)
        {
            foreach (BioVec v in _vectors)
            {
                if (data.IsEmpty)
                {
                    break;
                }

                int n = Math.Min(v.Length, data.Length);
                data[..n].CopyTo(v.Memory.Span);
                data = data[n..];
            }
        }
        else
        {
            data.CopyTo(_contiguous);
        }
    }

    /// <summary>Fills the whole logical buffer with <paramref name="value"/>.</summary>
    /// <param name="value">The byte.</param>
    public void Fill(byte value)
    {
        byte[] bytes = new byte[Length];
        Array.Fill(bytes, value);
        Write(bytes);
    }

    /// <summary>Copies the logical bytes out.</summary>
    /// <returns>A new array of <see cref="Length"/> bytes.</returns>
    public byte[] Read()
    {
        byte[] result = new byte[Length];
        if (_pages is not null)
        {
            _pages.Read(_offset, result);
        }
        else if (_vectors is not null)
        {
            Span<byte> rest = result;
            foreach (BioVec v in _vectors)
            {
                if (rest.IsEmpty)
                {
                    break;
                }

                int n = Math.Min(v.Length, rest.Length);
                v.Memory.Span[..n].CopyTo(rest);
                rest = rest[n..];
            }
        }
        else
        {
            _contiguous.AsSpan().CopyTo(result);
        }

        return result;
    }

    private static BioVec[] BuildVectors(MemoryLayout layout, int bytes)
    {
        var vectors = new List<BioVec>();
        int held = 0;
        for (int i = 0; held < bytes; i++)
        {
            int length = layout.BvecSectors[i % layout.BvecSectors.Count] * Sector;
            int offset = Math.Min(layout.PageOffsetSectors * Sector, Page - length);
            vectors.Add(new BioVec(new Page(), offset, length));
            held += length;
        }

        return [.. vectors];
    }
}
