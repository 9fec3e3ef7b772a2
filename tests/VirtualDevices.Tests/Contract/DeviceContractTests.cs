using DmIo.VirtualDevices.Tests.Harness;

namespace DmIo.VirtualDevices.Tests.Contract;

/// <summary>
/// The one contract every device honours, run against every backend and stacked combination in
/// <see cref="DeviceKind"/>. Expected bytes come from a shadow copy the test keeps itself.
/// </summary>
public sealed class DeviceContractTests
{
    private const int WindowSectors = 320;                          // sectors checked around each interesting spot
    private static readonly int[] LengthsInBlocks = [1, 2, 3, 7, 8, 9, 24, 25, 65, 130];
    private const int OffsetsInBlocks = 48;                          // every block offset 0..47 inside the window

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void Limits_AndCapacity_AreReportedAsConfigured(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);

        Assert.True(dut.ExpectedLimits == dut.Device.Limits, $"{kind}: limits {dut.Device.Limits}, expected {dut.ExpectedLimits}.");
        Assert.True(dut.ExpectedCapacity == dut.Device.CapacitySectors, $"{kind}: capacity {dut.Device.CapacitySectors}, expected {dut.ExpectedCapacity}.");
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void NeverWrittenSectors_ReadAsZeros(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        long capacity = dut.Device.CapacitySectors;

        foreach (long sector in new[] { 0, AlignDown(dut, capacity / 2), capacity - WindowSectors })
        {
            ByteAssert.Zero(kind, $"fresh read at sector {sector}", sector, BioDriver.Read(dut, sector, WindowSectors * DmIoConstants.SectorSize));
        }
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.StoringKinds), MemberType = typeof(DeviceFactory))]
    public void RoundTrip_AtEveryAllowedAlignmentAndLength_LandsExactlyWhereWritten(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        int block = dut.BlockSectors;
        var random = new DeterministicRandom((ulong)kind + 1);

        foreach (long window in Windows(dut))
        {
            byte[] shadow = new byte[WindowSectors * DmIoConstants.SectorSize]; // a fresh device is all zeros
            for (int offsetBlocks = 0; offsetBlocks < OffsetsInBlocks; offsetBlocks++)
            {
                foreach (int lengthBlocks in LengthsInBlocks)
                {
                    long offset = (long)offsetBlocks * block;
                    long length = (long)lengthBlocks * block;
                    if (offset + length > WindowSectors)
                    {
                        continue;
                    }

                    byte[] data = new byte[length * DmIoConstants.SectorSize];
                    random.NextBytes(data);
                    long sector = window + offset;
                    BioDriver.Write(dut, sector, data);
                    data.CopyTo(shadow, (int)(offset * DmIoConstants.SectorSize));

                    // Read back the write plus a block either side, so a stray byte next door is caught too.
                    long from = Math.Max(0, offset - block);
                    long to = Math.Min(WindowSectors, offset + length + block);
                    byte[] back = BioDriver.Read(dut, window + from, (int)((to - from) * DmIoConstants.SectorSize));
                    ByteAssert.Equal(kind, $"write of {length} sectors at sector {sector}", window + from,
                        shadow.AsSpan((int)(from * DmIoConstants.SectorSize), back.Length), back);
                }
            }

            ByteAssert.Equal(kind, $"whole window at sector {window}", window, shadow, BioDriver.Read(dut, window, shadow.Length));
        }
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void Discard_ZeroesExactlyItsRange_OrIsRefusedWhenUnsupported(DeviceKind kind) =>
        CheckZeroingOperation(kind, BioOperation.Discard);

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void WriteZeroes_ZeroesExactlyItsRange_OrIsRefusedWhenUnsupported(DeviceKind kind) =>
        CheckZeroingOperation(kind, BioOperation.WriteZeroes);

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void BiosPastTheEnd_FailWithIoError_AndWriteNothing(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        int blockBytes = dut.Device.Limits.LogicalBlockSize;
        long last = dut.Device.CapacitySectors - dut.BlockSectors;
        byte[] twoBlocks = new byte[2 * blockBytes];
        twoBlocks.AsSpan().Fill(0xA5);

        Assert.Equal(BlkStatus.IoError, BioDriver.Transfer(dut, BioOperation.Write, last, twoBlocks));
        Assert.Equal(BlkStatus.IoError, BioDriver.Transfer(dut, BioOperation.Write, dut.Device.CapacitySectors, twoBlocks.AsMemory(0, blockBytes)));
        Assert.Equal(BlkStatus.IoError, BioDriver.Transfer(dut, BioOperation.Read, last, new byte[2 * blockBytes]));
        Assert.Equal(BlkStatus.IoError, BioDriver.Dataless(dut, BioOperation.Discard, last, 2L * dut.BlockSectors));
        ByteAssert.Zero(kind, "last block after refused writes", last, BioDriver.Read(dut, last, blockBytes));
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.LargeBlockKinds), MemberType = typeof(DeviceFactory))]
    public void MisalignedBios_FailWithIoError_AndWriteNothing(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        byte[] data = new byte[DmIoConstants.PageSize];
        data.AsSpan().Fill(0x5A);

        Assert.Equal(BlkStatus.IoError, BioDriver.Transfer(dut, BioOperation.Write, 1, data));                  // start inside a block
        Assert.Equal(BlkStatus.IoError, BioDriver.Transfer(dut, BioOperation.Write, 8, data.AsMemory(0, 512))); // an eighth of a block
        Assert.Equal(BlkStatus.IoError, BioDriver.Transfer(dut, BioOperation.Read, 4, new byte[DmIoConstants.PageSize]));
        Assert.Equal(BlkStatus.IoError, BioDriver.Dataless(dut, BioOperation.Discard, 3, 8));
        ByteAssert.Zero(kind, "first blocks after refused writes", 0, BioDriver.Read(dut, 0, 4 * DmIoConstants.PageSize));
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.StoringKinds), MemberType = typeof(DeviceFactory))]
    public void ConcurrentSubmissionFromSeveralThreads_CompletesEveryBioExactlyOnce(DeviceKind kind)
    {
        const int threads = 4;
        const int perThread = 40;
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        int blockBytes = dut.Device.Limits.LogicalBlockSize;
        int bioBytes = Math.Max(DmIoConstants.PageSize, blockBytes);
        long stride = bioBytes >> DmIoConstants.SectorShift;
        long shared = 0;                                    // a range every thread reads while others write
        long firstPrivate = AlignDown(dut, stride * 4);     // then each thread's own bios, one after another
        Assert.True(firstPrivate + (threads * perThread * stride) <= dut.Device.CapacitySectors, $"{kind}: device too small for the test.");

        byte[] sharedData = new byte[bioBytes];
        new DeterministicRandom(7).NextBytes(sharedData);
        BioDriver.Write(dut, shared, sharedData);

        int total = threads * perThread * 2;
        int[] completions = new int[total];
        var bios = new Bio[total];
        var buffers = new byte[total][];
        using var signal = new ManualResetEventSlim();
        int completed = 0;
        for (int i = 0; i < total; i++)
        {
            int index = i;
            var endIo = new BioEndIoAction(_ =>
            {
                Interlocked.Increment(ref completions[index]);
                Interlocked.Increment(ref completed);
                signal.Set();
            });
            bool isWrite = i % 2 == 0;
            int bioNumber = i / 2;
            long sector = isWrite ? firstPrivate + (bioNumber * stride) : shared;
            buffers[i] = new byte[bioBytes];
            if (isWrite)
            {
                buffers[i].AsSpan().Fill((byte)(bioNumber + 1));
            }

            bios[i] = new Bio();
            bios[i].Init(isWrite ? BioOperation.Write : BioOperation.Read, BioFlags.None, sector, endIo);
            // Two segments per bio, so a split device has segment slicing to do under contention too.
            Assert.True(bios[i].TryAddSegment(buffers[i].AsMemory(0, blockBytes)));
            if (bioBytes > blockBytes)
            {
                Assert.True(bios[i].TryAddSegment(buffers[i].AsMemory(blockBytes)));
            }
        }

        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int n = 0; n < perThread * 2; n++)
            {
                BlockLayer.Submit(dut.Device, bios[(t * perThread * 2) + n]);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        dut.WaitFor(() => Volatile.Read(ref completed) >= total && workers.All(w => !w.IsAlive), signal);

        for (int i = 0; i < total; i++)
        {
            Assert.True(completions[i] == 1, $"{kind}: bio {i} ({bios[i].Operation.ToShortName()}) completed {completions[i]} times, expected once.");
            Assert.True(bios[i].Status == BlkStatus.Ok, $"{kind}: bio {i} completed with {bios[i].Status}.");
            if (i % 2 == 1)
            {
                ByteAssert.Equal(kind, $"concurrent read {i} of the shared range", shared, sharedData, buffers[i]);
            }
        }

        for (int i = 0; i < total; i += 2)
        {
            // Recomputed, not read back from the bio: a request-based device's completion advances bi_sector past the data.
            long written = firstPrivate + ((i / 2) * stride);
            ByteAssert.Equal(kind, $"concurrent write {i}", written, buffers[i], BioDriver.Read(dut, written, bioBytes));
        }
    }

    private static void CheckZeroingOperation(DeviceKind kind, BioOperation operation)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        int block = dut.BlockSectors;
        long start = dut.Boundaries.Count > 0 ? AlignDown(dut, dut.Boundaries[0] - 200) : 0;
        const int span = 600;
        byte[] data = new byte[span * DmIoConstants.SectorSize];
        new DeterministicRandom(3).NextBytes(data);
        BioDriver.Write(dut, start, data);

        long zeroFrom = 3L * block;          // relative to start
        long zeroTo = AlignDown(dut, span - 5);
        BlkStatus status = BioDriver.Dataless(dut, operation, start + zeroFrom, zeroTo - zeroFrom);
        long limit = operation == BioOperation.Discard ? dut.ExpectedLimits.MaxDiscardSectors : dut.ExpectedLimits.MaxWriteZeroesSectors;
        byte[] expected = dut.StoresData ? (byte[])data.Clone() : new byte[data.Length];
        if (limit == 0)
        {
            Assert.True(status == BlkStatus.NotSupported, $"{kind}: {operation.ToShortName()} on a device without support completed {status}, expected notsupp.");
        }
        else
        {
            Assert.True(status == BlkStatus.Ok, $"{kind}: {operation.ToShortName()} completed {status}.");
            expected.AsSpan((int)(zeroFrom * DmIoConstants.SectorSize), (int)((zeroTo - zeroFrom) * DmIoConstants.SectorSize)).Clear();
        }

        ByteAssert.Equal(kind, $"after {operation.ToShortName()} of sectors {start + zeroFrom}..{start + zeroTo}", start, expected,
            BioDriver.Read(dut, start, data.Length));
    }

    // The start, each mapping boundary and the end of the device, each with a window around it.
    private static IEnumerable<long> Windows(DeviceUnderTest dut)
    {
        yield return 0;
        foreach (long boundary in dut.Boundaries)
        {
            yield return AlignDown(dut, boundary - (WindowSectors / 2));
        }

        yield return dut.Device.CapacitySectors - WindowSectors;
    }

    private static long AlignDown(DeviceUnderTest dut, long sector) => sector - (sector % dut.BlockSectors);
}
