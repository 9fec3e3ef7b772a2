namespace DmIo.Testing.Tests;

/// <summary>The recorder device: what it records, how it completes, what it stores.</summary>
public sealed class RecordingDeviceTests
{
    private static byte[] Pattern(int sectors)
    {
        byte[] bytes = new byte[sectors * DmIoConstants.SectorSize];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 7) + (i / DmIoConstants.SectorSize) + 1);
        }

        return bytes;
    }

    private static (int Rc, ulong Bits) Run(BioOperation operation, DmIoMemory memory, params IoRegion[] regions)
    {
        using DmIoClient client = DmIoClient.Create(1, new SimulatedScheduler(1));
        ulong bits = 0;
        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = operation, Memory = memory, Client = client }, regions, ref bits);
        return (rc, bits);
    }

    [Fact]
    public void Write_RecordsEveryBioWithItsBytes_AndStoresThem()
    {
        var disk = new RecordingDevice("disk", 4096);
        byte[] payload = Pattern(2100); // more than 256 pages: dm-io needs at least two bios
        Assert.Equal((0, 0UL), Run(BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(payload)), new IoRegion(disk, 100, 2100)));

        IReadOnlyList<RecordedBio> bios = disk.Bios;
        Assert.True(bios.Count >= 2, $"expected the 2100-sector write split into several bios, got {bios.Count}");
        long next = 100;
        var carried = new List<byte>();
        for (int i = 0; i < bios.Count; i++)
        {
            Assert.Equal(i, bios[i].Index);
            Assert.Equal(BioOperation.Write, bios[i].Operation);
            Assert.Equal(next, bios[i].Sector);
            Assert.Equal(bios[i].Bytes, bios[i].SegmentLengths.Sum());
            carried.AddRange(bios[i].Data!);
            next += bios[i].Sectors;
        }

        Assert.Equal(100 + 2100, next);
        Assert.Equal(payload, carried.ToArray());
        Assert.Equal(payload, disk.Data.Slice(100 * DmIoConstants.SectorSize, payload.Length).ToArray());
    }

    [Fact]
    public void Status_FailsTheBiosItPicks_AndAFailedWriteStoresNothing()
    {
        var good = new RecordingDevice("good", 64);
        var bad = new RecordingDevice("bad", 64) { Status = bio => bio.Sector >= 32 ? BlkStatus.Medium : BlkStatus.Ok };
        byte[] payload = Pattern(8);

        (int rc, ulong bits) = Run(BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(payload)),
            new IoRegion(good, 40, 8), new IoRegion(bad, 0, 8), new IoRegion(bad, 40, 8));

        Assert.Equal((-Errno.EIO, 0b100UL), (rc, bits));
        Assert.Equal(payload, bad.Data[..payload.Length].ToArray());
        Assert.True(bad.Data.Slice(40 * DmIoConstants.SectorSize, payload.Length).IndexOfAnyExcept((byte)0) < 0, "a failed write changed the stored data");
        Assert.Equal(2, bad.Bios.Count); // the failed bio is recorded too
    }

    [Fact]
    public void Read_ReturnsStoredData_AndDiscardClearsIt()
    {
        var disk = new RecordingDevice("disk", 64);
        byte[] contents = Pattern(64);
        contents.CopyTo(disk.Data);

        byte[] buffer = new byte[16 * DmIoConstants.SectorSize];
        Assert.Equal((0, 0UL), Run(BioOperation.Read, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion(disk, 8, 16)));
        Assert.Equal(contents.AsSpan(8 * DmIoConstants.SectorSize, buffer.Length).ToArray(), buffer);

        Assert.Equal((0, 0UL), Run(BioOperation.Discard, DmIoMemory.None, new IoRegion(disk, 8, 16)));
        RecordedBio discard = disk.Bios[^1];
        Assert.Equal((BioOperation.Discard, 8L, 16L), (discard.Operation, discard.Sector, discard.Sectors));
        Assert.Null(discard.Data);
        Assert.True(disk.Data.Slice(8 * DmIoConstants.SectorSize, buffer.Length).IndexOfAnyExcept((byte)0) < 0, "discard left data behind");
        Assert.Equal(contents[..(8 * DmIoConstants.SectorSize)], disk.Data[..(8 * DmIoConstants.SectorSize)].ToArray());
    }

    [Fact]
    public void WithoutData_RecordsOnly_AndReadsLeaveTheBufferAlone()
    {
        var disk = new RecordingDevice("rec", 1L << 40, storesData: false); // a terabyte: nothing is allocated
        byte[] buffer = new byte[8 * DmIoConstants.SectorSize];
        Array.Fill(buffer, (byte)0xEE);

        Assert.Equal((0, 0UL), Run(BioOperation.Read, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion(disk, (1L << 40) - 8, 8)));

        Assert.All(buffer, b => Assert.Equal(0xEE, b));
        Assert.Equal((1L << 40) - 8, Assert.Single(disk.Bios).Sector);
        Assert.False(disk.StoresData);
        Assert.Contains("storesData: false", Assert.Throws<InvalidOperationException>(() => disk.Data.Length).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlushFlags_ReachTheRecord()
    {
        var disk = new RecordingDevice("log", 64, QueueLimits.Default with { VolatileWriteCache = true });
        using DmIoClient client = DmIoClient.Create(1, new SimulatedScheduler(1));
        ulong bits = 0;
        DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Write, Flags = BioFlags.Preflush | BioFlags.Fua, Memory = DmIoMemory.FromVm(new VmBuffer(Pattern(8))), Client = client },
            [new IoRegion(disk, 0, 8)], ref bits);

        RecordedBio only = Assert.Single(disk.Bios);
        Assert.Equal(BioFlags.Preflush | BioFlags.Fua, only.Flags & (BioFlags.Preflush | BioFlags.Fua));
    }

    [Theory]
    [InlineData(0L, "capacity")]
    [InlineData(-8L, "capacity")]
    public void BadCapacity_IsRefusedWithOneLineNamingIt(long capacity, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => new RecordingDevice("d", capacity));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message.Split(" (Parameter")[0]);
    }
}
