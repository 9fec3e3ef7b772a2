using DmIo.VirtualDevices.Tests.Harness;

namespace DmIo.VirtualDevices.Tests.Contract;

/// <summary>
/// dm-io engine requests (<see cref="DmIoEngine.Execute(in DmIoRequest, ReadOnlySpan{IoRegion}, ref ulong, ushort)"/>)
/// run against every backend and stacked combination, not only the dense memory device.
/// </summary>
public sealed class EngineContractTests
{
    private const int RegionSectors = 40; // five pages: several bios on the tightly limited kinds

    [Theory]
    [MemberData(nameof(DeviceFactory.StoringKinds), MemberType = typeof(DeviceFactory))]
    public void MultiRegionWrite_ThenReadingEachRegionBack_ReturnsTheWrittenBytes(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        using DmIoClient client = DmIoClient.Create(4);
        byte[] data = new byte[RegionSectors * DmIoConstants.SectorSize];
        new DeterministicRandom(11).NextBytes(data);
        IoRegion[] regions = Regions(dut);

        // A vm buffer that starts mid-page on 512-byte devices, so bios begin and end inside pages.
        var source = DmIoMemory.FromVm(new VmBuffer(data, pageOffset: dut.BlockSectors == 1 ? 1024 : 0));
        (int rc, ulong bits) = EngineRunner.Run(dut, client, BioOperation.Write, BioFlags.None, source, regions);
        Assert.True(rc == 0 && bits == 0, $"{kind}: multi-region write returned {rc} with error bits 0x{bits:x}.");

        foreach (IoRegion region in regions)
        {
            PageList pages = PageList.Allocate(RegionSectors / DmIoConstants.SectorsPerPage);
            (rc, bits) = EngineRunner.Run(dut, client, BioOperation.Read, BioFlags.None, DmIoMemory.FromPageList(pages), region);
            Assert.True(rc == 0 && bits == 0, $"{kind}: read of {region} returned {rc} with error bits 0x{bits:x}.");
            byte[] back = new byte[data.Length];
            pages.Read(0, back);
            ByteAssert.Equal(kind, $"engine read-back of region at sector {region.Sector}", region.Sector, data, back);
        }
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.StoringKinds), MemberType = typeof(DeviceFactory))]
    public void EngineDiscard_ZeroesOneRegion_LeavesTheOther_OrSetsItsBitWhenUnsupported(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        using DmIoClient client = DmIoClient.Create(4);
        byte[] data = new byte[RegionSectors * DmIoConstants.SectorSize];
        new DeterministicRandom(12).NextBytes(data);
        IoRegion[] regions = Regions(dut);
        EngineRunner.Run(dut, client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(data)), regions);

        (int rc, ulong bits) = EngineRunner.Run(dut, client, BioOperation.WriteZeroes, BioFlags.None, DmIoMemory.None, regions[1]);

        bool supported = dut.ExpectedLimits.MaxWriteZeroesSectors != 0;
        Assert.True(supported ? rc == 0 && bits == 0 : rc == -Errno.EIO && bits == 1,
            $"{kind}: write-zeroes returned {rc} with bits 0x{bits:x}; support is {supported}.");
        ByteAssert.Equal(kind, "untouched region 0", regions[0].Sector, data, BioDriver.Read(dut, regions[0].Sector, data.Length));
        ByteAssert.Equal(kind, "write-zeroed region 1", regions[1].Sector, supported ? new byte[data.Length] : data,
            BioDriver.Read(dut, regions[1].Sector, data.Length));
    }

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void PreflushFuaWrite_WithAnEmptyFlushRegion_SucceedsOnEveryRegion(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        using DmIoClient client = DmIoClient.Create(4);
        byte[] data = new byte[RegionSectors * DmIoConstants.SectorSize];
        data.AsSpan().Fill(0x3C);
        IoRegion[] regions = [.. Regions(dut), new IoRegion(dut.Device, 0, 0)]; // count 0 + PREFLUSH: one empty flush bio

        (int rc, ulong bits) = EngineRunner.Run(dut, client, BioOperation.Write, BioFlags.Preflush | BioFlags.Fua,
            DmIoMemory.FromVm(new VmBuffer(data)), regions);

        Assert.True(rc == 0 && bits == 0, $"{kind}: PREFLUSH|FUA write returned {rc} with error bits 0x{bits:x}.");
        byte[] expected = dut.StoresData ? data : new byte[data.Length];
        ByteAssert.Equal(kind, "flushed write", regions[2].Sector, expected, BioDriver.Read(dut, regions[2].Sector, data.Length));
    }

    // Near the start, straddling the first mapping boundary (or mid-device), and at the very end.
    private static IoRegion[] Regions(DeviceUnderTest dut)
    {
        long block = dut.BlockSectors;
        long capacity = dut.Device.CapacitySectors;
        long middle = dut.Boundaries.Count > 0 ? dut.Boundaries[0] - 16 : capacity / 2;
        middle -= middle % block;
        return
        [
            new IoRegion(dut.Device, block, RegionSectors),
            new IoRegion(dut.Device, middle, RegionSectors),
            new IoRegion(dut.Device, capacity - RegionSectors, RegionSectors),
        ];
    }
}
