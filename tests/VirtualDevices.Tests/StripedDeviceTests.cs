namespace DmIo.VirtualDevices.Tests;

/// <summary>Where a striped device puts data, checked on the legs directly against hand-worked layouts.</summary>
public sealed class StripedDeviceTests
{
    // Three legs, 24-sector chunks, legs starting at 0, 48 and 96: logical chunk c is on leg c % 3 at leg chunk c / 3.
    private readonly MemoryDevice _leg0 = new("leg0", 2048);
    private readonly MemoryDevice _leg1 = new("leg1", 2048);
    private readonly MemoryDevice _leg2 = new("leg2", 2048);
    private readonly StripedDevice _striped;

    public StripedDeviceTests() =>
        _striped = new StripedDevice("str", [new(_leg0, 0), new(_leg1, 48), new(_leg2, 96)], chunkSectors: 24, lengthSectors: 3 * 1944);

    [Fact]
    public void Write_AcrossSixChunks_LandsRoundRobinOnTheLegsAtTheirOffsets()
    {
        byte[] data = SectorNumbered(0, 144); // logical sectors 0..143 = chunks 0..5
        Submit(BioOperation.Write, 0, data);

        // chunk 0 -> leg0 @0, chunk 1 -> leg1 @48, chunk 2 -> leg2 @96, chunk 3 -> leg0 @24, chunk 4 -> leg1 @72, chunk 5 -> leg2 @120
        AssertLeg(_leg0, 0, SectorNumbered(0, 24));
        AssertLeg(_leg1, 48, SectorNumbered(24, 24));
        AssertLeg(_leg2, 96, SectorNumbered(48, 24));
        AssertLeg(_leg0, 24, SectorNumbered(72, 24));
        AssertLeg(_leg1, 72, SectorNumbered(96, 24));
        AssertLeg(_leg2, 120, SectorNumbered(120, 24));
    }

    [Fact]
    public void Discard_OverFiveChunks_SendsOneContiguousBioPerLeg()
    {
        Submit(BioOperation.Write, 0, SectorNumbered(0, 144));
        long[] before = [_leg0.BiosSubmitted, _leg1.BiosSubmitted, _leg2.BiosSubmitted];

        SubmitDataless(BioOperation.Discard, 30, 70); // logical [30, 100)

        // leg1 holds [30,48) at 54..72 and [96,100) at 72..76; leg2 all of chunk 2 at 96..120; leg0 all of chunk 3 at 24..48.
        Assert.Equal([1L, 1L, 1L], new[] { _leg0.BiosSubmitted - before[0], _leg1.BiosSubmitted - before[1], _leg2.BiosSubmitted - before[2] });
        AssertLeg(_leg1, 48, [.. SectorNumbered(24, 6), .. new byte[22 * 512], .. SectorNumbered(100, 20)]);
        AssertLeg(_leg2, 96, new byte[24 * 512]);
        AssertLeg(_leg0, 0, [.. SectorNumbered(0, 24), .. new byte[24 * 512]]);
        AssertLeg(_leg2, 120, SectorNumbered(120, 24));
    }

    [Fact]
    public void Read_ThatFailsOnOneLeg_CompletesOnceWithThatError()
    {
        var broken = new ErrorDevice("broken", 2048);
        var striped = new StripedDevice("str", [new(_leg0, 0), new(broken, 0)], chunkSectors: 8, lengthSectors: 4096);
        int completions = 0;
        var bio = new Bio();
        bio.Init(BioOperation.Read, BioFlags.None, 0, new BioEndIoAction(_ => completions++));
        bio.TryAddSegment(new byte[32 * 512]); // four chunks, two on each leg

        BlockLayer.Submit(striped, bio);

        Assert.Equal(1, completions);
        Assert.Equal(BlkStatus.IoError, bio.Status);
    }

    [Theory]
    [InlineData(0, 4096, "chunkSectors")]   // no chunk at all
    [InlineData(8, 4097, "lengthSectors")]  // an odd length cannot split over two legs
    [InlineData(8, 4100, "chunkSectors")]   // each leg's 2050 sectors is not whole 8-sector chunks
    [InlineData(8, 8208, "legs")]           // each leg's 4104 sectors does not fit on a 4096-sector leg
    public void Constructor_RejectsBadGeometry_NamingTheParameter(long chunk, long length, string parameter)
    {
        var a = new MemoryDevice("a", 4096);
        var b = new MemoryDevice("b", 4096);
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => new StripedDevice("s", [new(a, 0), new(b, 0)], chunk, length));
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Constructor_RejectsChunkSmallerThanTheLegsLogicalBlock()
    {
        var fourK = new QueueLimits { LogicalBlockSize = 4096, PhysicalBlockSize = 4096 };
        var a = new SparseMemoryDevice("a", 4096, fourK);
        var b = new SparseMemoryDevice("b", 4096, fourK);

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => new StripedDevice("s", [new(a, 0), new(b, 0)], chunkSectors: 4, lengthSectors: 8192));
        Assert.Equal("chunkSectors", e.ParamName);
    }

    private static byte[] SectorNumbered(int firstSector, int sectors)
    {
        byte[] data = new byte[sectors * 512];
        for (int s = 0; s < sectors; s++)
        {
            data.AsSpan(s * 512, 512).Fill((byte)(firstSector + s + 1));
        }

        return data;
    }

    private static void AssertLeg(MemoryDevice leg, long sector, byte[] expected)
    {
        byte[] actual = new byte[expected.Length];
        leg.ReadDirect(sector, actual);
        int index = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(index == expected.Length,
            $"{leg.Name} at sector {sector}: mismatch at byte {index}: expected 0x{(index < expected.Length ? expected[index] : 0):X2}, actual 0x{(index < actual.Length ? actual[index] : 0):X2}.");
    }

    private void Submit(BioOperation operation, long sector, byte[] data)
    {
        var bio = new Bio();
        bio.Init(operation, BioFlags.None, sector, new BioEndIoAction(_ => { }));
        for (int offset = 0; offset < data.Length; offset += 4096)
        {
            Assert.True(bio.TryAddSegment(data.AsMemory(offset, Math.Min(4096, data.Length - offset))));
        }

        BlockLayer.Submit(_striped, bio);
        Assert.Equal(BlkStatus.Ok, bio.Status);
    }

    private void SubmitDataless(BioOperation operation, long sector, long sectors)
    {
        var bio = new Bio();
        bio.Init(operation, BioFlags.None, sector, new BioEndIoAction(_ => { }));
        bio.SetDatalessSize(sectors * 512);
        BlockLayer.Submit(_striped, bio);
        Assert.Equal(BlkStatus.Ok, bio.Status);
    }
}
