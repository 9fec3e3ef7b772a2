namespace DmIo.Tests.MutationGaps;

/// <summary>Small contracts the larger tests never pinned: errno mapping, byte sizes, results, bio bookkeeping.</summary>
public sealed class SmallContractTests
{
    [Theory]
    [InlineData(BlkStatus.Ok, 0)]
    [InlineData(BlkStatus.IoError, -5)]
    [InlineData(BlkStatus.NotSupported, -95)]
    [InlineData(BlkStatus.Timeout, -110)]
    [InlineData(BlkStatus.NoSpace, -28)]
    [InlineData(BlkStatus.Medium, -61)]
    [InlineData(BlkStatus.Invalid, -22)]
    public void ToErrno_GivesTheKernelsNegativeErrno(BlkStatus status, int errno) => Assert.Equal(errno, status.ToErrno());

    [Fact]
    public void IoRegion_Bytes_IsSectorsTimes512_AndPrintsItsDevice()
    {
        var device = new DmIo.Tests.Support.ScriptedDevice("d", 64);
        var region = new IoRegion(device, 3, 5);
        Assert.Equal(2560, region.Bytes);
        Assert.Equal("d[3+5]", region.ToString());
        Assert.Equal("<null>[0+1]", new IoRegion(null!, 0, 1).ToString());
    }

    [Fact]
    public void DmIoResult_SucceedsOnlyWithZeroCodeAndBits_AndNamesFailedRegions()
    {
        Assert.True(new DmIoResult(0, 0).Succeeded);
        Assert.False(new DmIoResult(-5, 0).Succeeded);
        Assert.False(new DmIoResult(0, 1).Succeeded);
        var r = new DmIoResult(-5, 1UL << 63 | 0b100);
        Assert.True(r.RegionFailed(63));
        Assert.True(r.RegionFailed(2));
        Assert.False(r.RegionFailed(1));
    }

    [Fact]
    public void Bio_TracksCompletion_TakesASegmentOfExactlyTheMaximumSize_AndRefusesDatalessSizeWithSegments()
    {
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.Fua, 4, new BioEndIoAction(_ => { }), 4);
        Assert.False(bio.IsCompleted);
        Assert.True(bio.TryAddSegment(new byte[4096]));
        Assert.True(bio.TryAddSegment(new byte[512]));
        Assert.True(bio.TryAddSegment(new byte[512]));
        Assert.True(bio.TryAddSegment(new byte[512]));
        Assert.False(bio.TryAddSegment(new byte[512])); // the fifth vector: the bio holds 4
        Assert.Throws<InvalidOperationException>(() => bio.SetDatalessSize(512));
        Assert.Equal(11, bio.SectorCount);
        Assert.Equal("bio 0 write|Fua [4+11] segs=4", bio.ToString());
        bio.Complete(BlkStatus.Ok);
        Assert.True(bio.IsCompleted);

        bio.Init(BioOperation.Read, BioFlags.None, 0, new BioEndIoAction(_ => { }));
        Assert.Equal(0, bio.SegmentCount);
        Assert.True(bio.Segments.IsEmpty);
        Assert.Equal("bio 0 read [0+0] segs=0", bio.ToString());
    }

    [Fact]
    public void DmIoRequest_PrintsOperationFlagsMemoryAndMode()
    {
        var sync = new DmIoRequest { Operation = BioOperation.Write, Flags = BioFlags.Fua, Memory = DmIoMemory.FromVm(new VmBuffer(new byte[512])) };
        var async = new DmIoRequest { Operation = BioOperation.Read, Notify = (_, _) => { } };
        Assert.Equal("write|Fua vm(512 bytes, page offset 0) sync", sync.ToString());
        Assert.Equal("read none async", async.ToString());
        Assert.Equal("bvec(0 elements)", DmIoMemory.FromBvec([]).ToString());
    }
}
