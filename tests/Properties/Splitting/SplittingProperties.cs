using DmIo.VirtualDevices;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>
/// Group 5: the bios a region is split into cover it exactly once, in order, each within the limits (sectors,
/// segments, segment size, 256 vectors, discard/write-zeroes chunk), and the bytes on the device do not depend on
/// the limits.
/// </summary>
public sealed class SplittingProperties
{
    private static Gen<QueueLimits> SplitLimits { get; } =
        from maxSectors in Gen.Elements(8, 16, 24, 64, 256, 1024, 2560)
        from maxSegments in Gen.Elements(1, 2, 5, 128, 300, 512)
        from segmentSize in Gen.Elements(4096, 8192, 65536)
        from discard in Gen.Elements(8L, 24L, 100L, 1L << 22)
        from writeZeroes in Gen.Elements(8L, 40L, 1L << 22)
        select new QueueLimits
        {
            MaxSectors = maxSectors,
            MaxSegments = maxSegments,
            MaxSegmentSize = segmentSize,
            MaxDiscardSectors = discard,
            MaxWriteZeroesSectors = writeZeroes,
        };

    private static Gen<SplitCase> Cases => Gen.Frequency((5, AnyCases), (1, VectorCapCases));

    // Regions over 2048 sectors and generous limits: dm-io sizes a bio for min(256, pages left) vectors, so only the
    // 256-vector cap can end the first bio.
    private static Gen<SplitCase> VectorCapCases { get; } =
        from sector in Gen.Choose(0, 1000)
        from count in Gen.Choose(2049, 3000)
        from layout in DmIoGen.Layout
        from seed in Gen.Choose(0, int.MaxValue)
        select new SplitCase(new QueueLimits { MaxSectors = 2560, MaxSegments = 512, MaxSegmentSize = 65536 }, BioOperation.Write,
            layout, sector, count, (ulong)seed);

    private static Gen<SplitCase> AnyCases { get; } =
        from limits in SplitLimits
        from operation in Gen.Frequency((4, Gen.Constant(BioOperation.Write)), (1, Gen.Constant(BioOperation.Discard)), (1, Gen.Constant(BioOperation.WriteZeroes)))
        from layout in DmIoGen.Layout
        from sector in Gen.Choose(0, 1000)
        from count in Gen.Frequency((2, Gen.Choose(1, 64)), (2, Gen.Choose(65, 600)), (1, Gen.Choose(601, 1000)))
        from seed in Gen.Choose(0, int.MaxValue)
        select new SplitCase(limits, operation, layout, sector, count, (ulong)seed);

    /// <summary>
    /// Catches: a new bio starting at the region's first sector instead of <c>sector + (count - remaining)</c>; the
    /// segment count, max sectors or 256-vector cap ignored; a discard chunked by the wrong limit or limits re-read
    /// mid-region; data that depends on where the bio boundaries fall; a VM/KMEM buffer's page offset ignored
    /// (segments then straddle the caller's page boundaries).
    /// </summary>
    [DmIoProperty(200)]
    public Property Splitting_CoversRegionExactlyOnceWithinLimits_AndDataIsIndependentOfLimits() =>
        Prop.ForAll(Cases.ToArbitrary(), Holds);

    private static Property Holds(SplitCase c)
    {
        var scheduler = new SimulatedScheduler();
        var disk = new MemoryDevice("disk", SplitCase.DeviceSectors, QueueLimits.Default);
        byte[] before = Payload.Sectors(SplitCase.DeviceSectors, c.Seed ^ 0x5A5A);
        disk.WriteDirect(0, before);
        // Request-based: dm-io builds bios from vector capacity alone, the block layer splits them against the limits.
        var spy = new BioSpyDevice("spy", disk, c.Limits) { QueueKind = BlockQueueKind.RequestBased };
        byte[] payload = Payload.Sectors(c.Count, c.Seed);
        DmIoMemory memory = DmIoMemory.None;
        if (c.Operation == BioOperation.Write)
        {
            LayoutBuffer buffer = c.Layout.Allocate(payload.Length);
            buffer.Write(payload);
            memory = buffer.Memory;
        }

        using DmIoClient client = DmIoClient.Create(1, scheduler);
        ulong bits = 0;
        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = c.Operation, Memory = memory, Client = client }, [new IoRegion(spy, c.Sector, c.Count)], ref bits);
        Expect.Equal((0, 0UL), (rc, bits), "return code and error bits");

        IReadOnlyList<SpiedBio> bios = spy.Bios;
        long next = c.Sector;
        long chunkLimit = c.Operation switch
        {
            BioOperation.Discard => c.Limits.MaxDiscardSectors,
            BioOperation.WriteZeroes => c.Limits.MaxWriteZeroesSectors,
            _ => c.Limits.MaxSectors,
        };
        // KMEM is physically contiguous, so its pages merge into multi-page vectors; VM and page lists never do.
        bool contiguous = c.Layout.Kind is DmIoMemoryKind.Vm or DmIoMemoryKind.PageList;
        long address = c.Layout.PageOffsetSectors * DmIoConstants.SectorSize; // the buffer's address modulo a page, then onwards
        foreach (SpiedBio bio in bios)
        {
            foreach (int length in bio.SegmentLengths)
            {
                // A segment is (part of) one page of the caller's memory: it never crosses a page boundary.
                Expect.That(!contiguous || (address % DmIoConstants.PageSize) + length <= DmIoConstants.PageSize,
                    $"{bio}: a {length}-byte segment at buffer address {address} crosses a page boundary");
                address += length;
            }

            Expect.Equal(next, bio.Sector, $"first sector of {bio} (bios: {string.Join(' ', bios)})");
            Expect.That(bio.Count > 0, $"{bio} is empty");
            Expect.That(bio.Count <= chunkLimit, $"{bio} exceeds the {chunkLimit}-sector limit for {c.Operation}");
            // The request's segments: each vector cut at max_segment_size (the default 4 GiB segment boundary never bites here).
            long requestSegments = bio.SegmentLengths.Sum(l => (l + c.Limits.MaxSegmentSize - 1) / c.Limits.MaxSegmentSize);
            Expect.That(requestSegments <= c.Limits.MaxSegments, $"{bio} needs {requestSegments} segments, more than {c.Limits.MaxSegments}");
            Expect.That(bio.SegmentLengths.All(l => l % DmIoConstants.SectorSize == 0), $"{bio} has a vector that is not whole sectors");
            Expect.Equal(c.Operation == BioOperation.Write ? bio.Count * DmIoConstants.SectorSize : 0, (long)bio.SegmentLengths.Sum(), $"segment bytes of {bio}");
            next += bio.Count;
        }

        Expect.Equal(c.Sector + c.Count, next, $"end of the last bio (bios: {string.Join(' ', bios)})");

        // The device must hold exactly what a limit-free model says: the old bytes with the region replaced.
        byte[] expected = (byte[])before.Clone();
        Span<byte> target = expected.AsSpan((int)(c.Sector * DmIoConstants.SectorSize), payload.Length);
        if (c.Operation == BioOperation.Write)
        {
            payload.CopyTo(target);
        }
        else
        {
            target.Clear();
        }

        byte[] actual = new byte[expected.Length];
        disk.ReadDirect(0, actual);
        Expect.Bytes(expected, actual, $"device after a {c.Operation} split into {bios.Count} bio(s)");
        return true.ToProperty()
            .Classify(bios.Count == 1, "one bio")
            .Classify(bios.Count is > 1 and <= 8, "2-8 bios")
            .Classify(bios.Count > 8, "more than 8 bios")
            .Classify(bios.Any(b => b.SegmentLengths.Length == DmIoConstants.BioMaxVecs), "a bio hit the 256-vector cap")
            .Collect($"{c.Operation}/{(c.Operation == BioOperation.Write ? c.Layout.Kind.ToString() : "none")}");
    }
}
