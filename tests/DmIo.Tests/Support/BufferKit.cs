namespace DmIo.Tests.Support;

/// <summary>
/// One logical buffer of a given length laid out as any of the four memory kinds, with a way to put bytes
/// in and get them out again, so tests can compare kinds byte for byte.
/// </summary>
public sealed class BufferKit
{
    private readonly PageList? _pages;
    private readonly BioVec[]? _vectors;
    private readonly byte[]? _contiguous;

    private BufferKit(DmIoMemoryKind kind, int length, int offset, PageList? pages, BioVec[]? vectors, byte[]? contiguous)
    {
        Kind = kind;
        Length = length;
        Offset = offset;
        _pages = pages;
        _vectors = vectors;
        _contiguous = contiguous;
    }

    public DmIoMemoryKind Kind { get; }

    public int Length { get; }

    public int Offset { get; }

    public static BufferKit Create(DmIoMemoryKind kind, int length, int offset = 0, int bvecSegmentBytes = DmIoConstants.PageSize)
    {
        switch (kind)
        {
            case DmIoMemoryKind.PageList:
                int pages = Math.Max(1, (offset + length + DmIoConstants.PageSize - 1) / DmIoConstants.PageSize);
                return new BufferKit(kind, length, offset, PageList.Allocate(pages), null, null);
            case DmIoMemoryKind.Bvec:
                var vectors = new List<BioVec>();
                int left = length;
                int first = offset;
                while (left > 0)
                {
                    int n = Math.Min(Math.Min(bvecSegmentBytes, DmIoConstants.PageSize - first), left);
                    vectors.Add(new BioVec(new Page(), first, n));
                    left -= n;
                    first = 0;
                }

                return new BufferKit(kind, length, offset, null, [.. vectors], null);
            case DmIoMemoryKind.Vm:
            case DmIoMemoryKind.Kmem:
                return new BufferKit(kind, length, offset, null, null, new byte[length]);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public DmIoMemory Memory => Kind switch
    {
        DmIoMemoryKind.PageList => DmIoMemory.FromPageList(_pages!, Offset),
        DmIoMemoryKind.Bvec => DmIoMemory.FromBvec(_vectors!),
        DmIoMemoryKind.Vm => DmIoMemory.FromVm(new VmBuffer(_contiguous!, Offset)),
        _ => DmIoMemory.FromKmem(new VmBuffer(_contiguous!, Offset)),
    };

    public PageList PageList => _pages!;

    public BioVec[] Vectors => _vectors!;

    public VmBuffer VmBuffer => new(_contiguous!, Offset);

    public void Fill(ReadOnlySpan<byte> source)
    {
        switch (Kind)
        {
            case DmIoMemoryKind.PageList:
                _pages!.Write(Offset, source);
                break;
            case DmIoMemoryKind.Bvec:
                foreach (BioVec v in _vectors!)
                {
                    int n = Math.Min(v.Length, source.Length);
                    source[..n].CopyTo(v.Memory.Span);
                    source = source[n..];
                }

                break;
            default:
                source.CopyTo(_contiguous);
                break;
        }
    }

    public byte[] ToArray()
    {
        var result = new byte[Length];
        switch (Kind)
        {
            case DmIoMemoryKind.PageList:
                _pages!.Read(Offset, result);
                break;
            case DmIoMemoryKind.Bvec:
                Span<byte> dest = result;
                foreach (BioVec v in _vectors!)
                {
                    int n = Math.Min(v.Length, dest.Length);
                    v.Memory.Span[..n].CopyTo(dest);
                    dest = dest[n..];
                }

                break;
            default:
                _contiguous.AsSpan(0, Length).CopyTo(result);
                break;
        }

        return result;
    }

    public override string ToString() => $"{Kind}(len={Length}, offset={Offset})";
}
