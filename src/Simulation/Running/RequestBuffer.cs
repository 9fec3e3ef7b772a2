using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Running;

/// <summary>
/// A request's buffer laid out as its memory spec says — page list with a first-page offset, bio vectors each on
/// their own page, or a vm/kmem buffer starting at a page offset — holding the same logical bytes whatever the layout.
/// </summary>
internal sealed class RequestBuffer
{
    private readonly MemorySpec _spec;     // the layout
    private readonly PageList? _pages;     // page_list
    private readonly BioVec[]? _vectors;   // bvec
    private readonly byte[]? _vm;          // vm / kmem: page offset bytes of padding, then the data

    private RequestBuffer(MemorySpec spec, long length, PageList? pages, BioVec[]? vectors, byte[]? vm, DmIoMemory memory)
    {
        _spec = spec;
        Length = length;
        _pages = pages;
        _vectors = vectors;
        _vm = vm;
        Memory = memory;
    }

    /// <summary>Logical bytes the request moves.</summary>
    public long Length { get; }

    /// <summary>The memory descriptor for the engine.</summary>
    public DmIoMemory Memory { get; }

    public PageList? Pages => _pages;

    public BioVec[]? Vectors => _vectors;

    public VmBuffer Vm => new(_vm.AsMemory(_spec.Offset, (int)Length), _spec.Offset);

    public static RequestBuffer Create(MemorySpec spec, long length, ReadOnlySpan<byte> initial)
    {
        const int page = DmIoConstants.PageSize;
        RequestBuffer buffer;
        switch (spec.Kind)
        {
            case DmIoMemoryKind.None:
                return new RequestBuffer(spec, 0, null, null, null, DmIoMemory.None);
            case DmIoMemoryKind.PageList:
                PageList pages = PooledPageList((int)Math.Max(1, (spec.Offset + length + page - 1) / page));
                buffer = new RequestBuffer(spec, length, pages, null, null, DmIoMemory.FromPageList(pages, spec.Offset));
                break;
            case DmIoMemoryKind.Bvec:
                BioVec[] vectors = BuildVectors(spec, length);
                buffer = new RequestBuffer(spec, length, null, vectors, null, DmIoMemory.FromBvec(vectors));
                break;
            default:
                byte[] vm = new byte[spec.Offset + Math.Max(length, 0)];
                var data = new VmBuffer(vm.AsMemory(spec.Offset, (int)length), spec.Offset);
                DmIoMemory memory = spec.Kind == DmIoMemoryKind.Kmem ? DmIoMemory.FromKmem(data) : DmIoMemory.FromVm(data);
                buffer = new RequestBuffer(spec, length, null, null, vm, memory);
                break;
        }

        buffer.Write(initial);
        return buffer;
    }

    /// <summary>Reads the logical bytes back out of whichever layout holds them.</summary>
    public byte[] Contents()
    {
        byte[] bytes = new byte[Length];
        CopyContentsTo(bytes);
        return bytes;
    }

    /// <summary>Copies the logical bytes into <paramref name="destination"/>, which holds at least <see cref="Length"/> bytes.</summary>
    /// <param name="destination">Where the bytes go; only its first <see cref="Length"/> bytes are written.</param>
    public void CopyContentsTo(Span<byte> destination)
    {
        Span<byte> bytes = destination[..(int)Length];
        switch (_spec.Kind)
        {
            case DmIoMemoryKind.PageList:
                _pages!.Read(_spec.Offset, bytes);
                break;
            case DmIoMemoryKind.Bvec:
                int at = 0;
                foreach (BioVec v in _vectors!)
                {
                    int n = (int)Math.Min(v.Length, Length - at);
                    if (n <= 0)
                    {
                        break;
                    }

                    v.Page.Data.AsSpan(v.Offset, n).CopyTo(bytes[at..]);
                    at += n;
                }

                break;
            case DmIoMemoryKind.Vm:
            case DmIoMemoryKind.Kmem:
                _vm.AsSpan(_spec.Offset, (int)Length).CopyTo(bytes);
                break;
        }
    }

    /// <summary>Hands the buffer's pages back to <see cref="PagePool"/>; the buffer must not be used afterwards (its run is over).</summary>
    public void Release()
    {
        for (PageList? node = _pages; node is not null; node = node.Next)
        {
            PagePool.Return(node.Page);
        }

        foreach (BioVec vector in _vectors ?? [])
        {
            PagePool.Return(vector.Page);
        }
    }

    private static PageList PooledPageList(int count)
    {
        PageList? head = null;
        for (int i = 0; i < count; i++)
        {
            head = new PageList(PagePool.Rent(), head);
        }

        return head!;
    }

    private void Write(ReadOnlySpan<byte> source)
    {
        source = source[..(int)Math.Min(source.Length, Length)];
        switch (_spec.Kind)
        {
            case DmIoMemoryKind.PageList:
                _pages!.Write(_spec.Offset, source);
                break;
            case DmIoMemoryKind.Bvec:
                foreach (BioVec v in _vectors!)
                {
                    int n = Math.Min(v.Length, source.Length);
                    source[..n].CopyTo(v.Page.Data.AsSpan(v.Offset));
                    source = source[n..];
                }

                break;
            case DmIoMemoryKind.Vm:
            case DmIoMemoryKind.Kmem:
                source.CopyTo(_vm.AsSpan(_spec.Offset));
                break;
        }
    }

    /// <summary>Explicit segments as given (repeated in order until the length is covered), or uniform cuts.</summary>
    private static BioVec[] BuildVectors(MemorySpec spec, long length)
    {
        var vectors = new List<BioVec>();
        long covered = 0;
        int i = 0;
        while (covered < length)
        {
            (int offset, int len) = spec.Segments is { Count: > 0 } given
                ? given[i++ % given.Count]
                : (0, (int)Math.Min(spec.SegmentBytes, length - covered));
            vectors.Add(new BioVec(PagePool.Rent(), offset, len));
            covered += len;
        }

        return [.. vectors];
    }
}
