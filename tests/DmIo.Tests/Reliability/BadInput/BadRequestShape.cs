namespace DmIo.Tests.Reliability;

/// <summary>
/// One class of bad request: what is wrong, the request that shows it, and what every entry point must do with it.
/// Expected outcomes: <c>throws T(param)</c> with a message fragment, <c>fails</c> (rc -EIO, the region's bit set,
/// no bio reaches the device), <c>refused</c> (the multi-region read rule) or <c>no-op</c>.
/// </summary>
/// <param name="InputClass">The catalogue's class of bad input (null, negative, overflow, ...).</param>
/// <param name="Description">The input, in words.</param>
/// <param name="Op">The operation.</param>
/// <param name="Flags">The flags.</param>
/// <param name="Memory">How the memory is wrong.</param>
/// <param name="Regions">The regions, given the world.</param>
internal sealed record BadRequestShape(string InputClass, string Description, BioOperation Op, BioFlags Flags, BadMemory Memory, Func<EngineWorld, IoRegion[]> Regions)
{
    public const long RegionSectors = 8; // one page of data: every Good memory holds exactly this

    public static IReadOnlyList<BadRequestShape> All { get; } =
    [
        new("null", "a region with a null device", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, 0, 8), new(null!, 0, 8)]),
        new("null", "null memory (page list / vector array; empty buffer)", BioOperation.Write, 0, BadMemory.Null, w => [new(w.Device, 0, 8)]),
        new("null", "a data request naming no memory", BioOperation.Write, 0, BadMemory.None, w => [new(w.Device, 0, 8)]),
        new("null", "an empty region list", BioOperation.Write, 0, BadMemory.Good, _ => []),
        new("negative", "sector -1", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, -1, 8)]),
        new("negative", "count -8", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, 0, -8)]),
        new("negative", "sector long.MinValue", BioOperation.Read, 0, BadMemory.Good, w => [new(w.Device, long.MinValue, 8)]),
        new("overflow", "sector long.MaxValue - 4 + count 8", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, long.MaxValue - 4, 8)]),
        new("overflow", "sector + count past 2^63 bytes", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, (long.MaxValue >> 9) - 2, 8)]),
        new("overflow", "count past 2 GiB of memory", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, 0, (int.MaxValue >> 9) + 1L)]),
        new("out of range", "region running past the device end", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, EngineWorld.DeviceSectors - 4, 8)]),
        new("out of range", "region starting past the device end", BioOperation.Read, 0, BadMemory.Good, w => [new(w.Device, 1 << 20, 8)]),
        new("misaligned", "sector 1 on a 4096-byte-block device", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device4K, 1, 8)]),
        new("misaligned", "1 sector on a 4096-byte-block device", BioOperation.Read, 0, BadMemory.Good, w => [new(w.Device4K, 0, 1)]),
        new("misaligned", "memory offset / vector length not a multiple of 512", BioOperation.Write, 0, BadMemory.Misaligned, w => [new(w.Device, 0, 8)]),
        new("too many regions", "65 regions", BioOperation.Write, 0, BadMemory.Good, w => [.. Enumerable.Range(0, 65).Select(i => new IoRegion(w.Device, i * 8, 8))]),
        new("too many regions", "a read naming 2 regions", BioOperation.Read, 0, BadMemory.Good, w => [new(w.Device, 0, 8), new(w.Device, 8, 8)]),
        new("wrong buffer size", "memory one sector/byte short of the region", BioOperation.Write, 0, BadMemory.Short, w => [new(w.Device, 0, 8)]),
        new("wrong buffer size", "memory short of the largest of 3 regions", BioOperation.Write, 0, BadMemory.Good, w => [new(w.Device, 0, 8), new(w.Device, 8, 9), new(w.Device, 24, 1)]),
        new("unknown names", "operation 42", (BioOperation)42, 0, BadMemory.Good, w => [new(w.Device, 0, 8)]),
        new("unknown names", "flag bit 0x100", BioOperation.Write, (BioFlags)0x100, BadMemory.Good, w => [new(w.Device, 0, 8)]),
    ];

    public override string ToString() => $"{InputClass}: {Description}";

    /// <summary>The memory for <paramref name="kind"/>, wrong in this shape's way.</summary>
    public DmIoMemory BuildMemory(DmIoMemoryKind kind) => (Memory, kind) switch
    {
        (BadMemory.None, _) => DmIoMemory.None,
        (BadMemory.Null, DmIoMemoryKind.PageList) => DmIoMemory.FromPageList(null!),
        (BadMemory.Null, DmIoMemoryKind.Bvec) => DmIoMemory.FromBvec(null!),
        (BadMemory.Null, DmIoMemoryKind.Vm) => DmIoMemory.FromVm(new VmBuffer(Memory<byte>.Empty)),
        (BadMemory.Null, _) => DmIoMemory.FromKmem(new VmBuffer(Memory<byte>.Empty)),
        (BadMemory.Short, DmIoMemoryKind.PageList) => DmIoMemory.FromPageList(PageList.Allocate(1), 512),
        (BadMemory.Short, DmIoMemoryKind.Bvec) => DmIoMemory.FromBvec([new BioVec(new Page(), 0, 3584)]),
        (BadMemory.Short, DmIoMemoryKind.Vm) => DmIoMemory.FromVm(new VmBuffer(new byte[4095])),
        (BadMemory.Short, _) => DmIoMemory.FromKmem(new VmBuffer(new byte[4095])),
        (BadMemory.Misaligned, DmIoMemoryKind.PageList) => DmIoMemory.FromPageList(PageList.Allocate(2), 100),
        (BadMemory.Misaligned, DmIoMemoryKind.Bvec) => DmIoMemory.FromBvec([new BioVec(new Page(), 0, 700), new BioVec(new Page(), 0, 4096)]),
        (BadMemory.Misaligned, DmIoMemoryKind.Vm) => DmIoMemory.FromVm(new VmBuffer(new byte[8192], 100)),
        (BadMemory.Misaligned, _) => DmIoMemory.FromKmem(new VmBuffer(new byte[8192], 100)),
        (_, DmIoMemoryKind.PageList) => DmIoMemory.FromPageList(PageList.Allocate(1)),
        (_, DmIoMemoryKind.Bvec) => DmIoMemory.FromBvec([new BioVec(new Page(), 0, 4096)]),
        (_, DmIoMemoryKind.Vm) => DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
        _ => DmIoMemory.FromKmem(new VmBuffer(new byte[4096])),
    };

    /// <summary>Whether the shape applies to <paramref name="entry"/> (the legacy calls cannot express every request).</summary>
    public bool AppliesTo(RequestEntryPoint entry) => !(entry.Legacy && Memory == BadMemory.None);

    /// <summary>The outcome <paramref name="entry"/> must produce, written out case by case from the dm-io rules (not from the code).</summary>
    public Expected ExpectedFor(RequestEntryPoint entry)
    {
        string kindName = entry.Kind switch
        {
            DmIoMemoryKind.PageList => "page list",
            DmIoMemoryKind.Bvec => "bio vector array",
            DmIoMemoryKind.Vm => "vm buffer",
            _ => "kmem buffer",
        };
        bool contiguous = entry.Kind is DmIoMemoryKind.Vm or DmIoMemoryKind.Kmem;
        return Description switch
        {
            "a region with a null device" => Expected.Throws<ArgumentNullException>("regions", "Region 1 names no device"),
            "null memory (page list / vector array; empty buffer)" when contiguous => Expected.Throws<ArgumentException>(entry.MemoryParam, "holds 0 bytes"),
            "null memory (page list / vector array; empty buffer)" when entry.Legacy => Expected.Throws<ArgumentNullException>(entry.NullMemoryParam, "Value cannot be null"),
            "null memory (page list / vector array; empty buffer)" => Expected.Throws<ArgumentNullException>(entry.NullMemoryParam, $"The {kindName} is null"),
            "a data request naming no memory" => Expected.Throws<ArgumentException>(entry.MemoryParam, "names no memory"),
            "an empty region list" => Expected.NoOp(),
            "sector -1" or "sector long.MinValue" => Expected.Throws<ArgumentOutOfRangeException>("regions", "Region 0 starts at a negative sector"),
            "count -8" => Expected.Throws<ArgumentOutOfRangeException>("regions", "Region 0 has a negative sector count"),
            "sector long.MaxValue - 4 + count 8" or "sector + count past 2^63 bytes" => Expected.Throws<ArgumentOutOfRangeException>("regions", "overflows"),
            "count past 2 GiB of memory" => Expected.Throws<ArgumentOutOfRangeException>("regions", "(2 GiB)"),
            "region running past the device end" or "region starting past the device end" => Expected.Fails(1),
            "sector 1 on a 4096-byte-block device" or "1 sector on a 4096-byte-block device" => Expected.Fails(1),
            "memory offset / vector length not a multiple of 512" when entry.Kind == DmIoMemoryKind.Bvec =>
                Expected.Throws<ArgumentException>(entry.MemoryParam, "element 0 has length 700"),
            "memory offset / vector length not a multiple of 512" => Expected.Throws<ArgumentOutOfRangeException>(entry.MemoryParam, "multiple of 512"),
            "65 regions" => Expected.Throws<ArgumentException>("regions", "at most 64 regions"),
            "a read naming 2 regions" => Expected.Refused(),
            "memory one sector/byte short of the region" when entry.Kind == DmIoMemoryKind.PageList =>
                Expected.Throws<ArgumentException>(entry.MemoryParam, "holds 1 page(s) but the regions need 2"),
            "memory one sector/byte short of the region" when entry.Kind == DmIoMemoryKind.Bvec =>
                Expected.Throws<ArgumentException>(entry.MemoryParam, "holds 3584 bytes but the regions need 4096"),
            "memory one sector/byte short of the region" => Expected.Throws<ArgumentException>(entry.MemoryParam, "holds 4095 bytes but the regions need 4096"),
            "memory short of the largest of 3 regions" when entry.Kind == DmIoMemoryKind.PageList =>
                Expected.Throws<ArgumentException>(entry.MemoryParam, "holds 1 page(s) but the regions need 2"),
            "memory short of the largest of 3 regions" => Expected.Throws<ArgumentException>(entry.MemoryParam, "holds 4096 bytes but the regions need 4608"),
            "operation 42" => Expected.Throws<ArgumentOutOfRangeException>(entry.OperationParam, entry.Legacy ? "rw must be Read or Write" : "Unknown operation"),
            "flag bit 0x100" => Expected.Throws<ArgumentOutOfRangeException>("flags", "Unknown flags"),
            _ => throw new InvalidOperationException($"No expectation written for '{Description}'."),
        };
    }
}
