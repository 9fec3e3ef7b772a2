namespace DmIo.VirtualDevices.Tests.Limits;

/// <summary>Each backend built without limits shows its kernel counterpart's, and declares that counterpart's queue kind.</summary>
public sealed class BackendDefaultLimitsTests
{
    [Fact]
    public void MemoryDevice_ByDefault_IsABioBasedRamDisk()
    {
        var device = new MemoryDevice("m", 64);

        Assert.Equal(BlockQueueKind.BioBased, ((IBlockDevice)device).QueueKind);
        Assert.Equal(ObservedLimits.Brd, device.Limits);
    }

    [Fact]
    public void MemoryDevice_RequestBased_IsANullBlk()
    {
        var device = new MemoryDevice("m", 64, queueKind: BlockQueueKind.RequestBased);

        Assert.Equal(BlockQueueKind.RequestBased, ((IBlockDevice)device).QueueKind);
        Assert.Equal(ObservedLimits.NullBlk, device.Limits);
    }

    [Fact]
    public void SparseMemoryDevice_TakesTheSameTwoKinds()
    {
        var bio = new SparseMemoryDevice("s", 64);
        var request = new SparseMemoryDevice("s", 64, queueKind: BlockQueueKind.RequestBased);

        Assert.Equal((BlockQueueKind.BioBased, ObservedLimits.Brd), (((IBlockDevice)bio).QueueKind, bio.Limits));
        Assert.Equal((BlockQueueKind.RequestBased, ObservedLimits.NullBlk), (((IBlockDevice)request).QueueKind, request.Limits));
    }

    [Fact]
    public void SparseFileDevice_IsARequestBasedLoopDevice()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dmio-limits-{Guid.NewGuid():N}.img");
        try
        {
            using SparseFileDevice file = SparseFileDevice.Create("f", path, 64);

            Assert.Equal(BlockQueueKind.RequestBased, ((IBlockDevice)file).QueueKind);
            Assert.Equal(ObservedLimits.Loop, file.Limits);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MemoryDevice_GivenLimits_KeepsThemWhateverItsKind()
    {
        var given = new QueueLimits { MaxSectors = 64 };

        var device = new MemoryDevice("m", 64, given, queueKind: BlockQueueKind.RequestBased);

        Assert.Same(given, device.Limits);
        Assert.Equal(BlockQueueKind.RequestBased, ((IBlockDevice)device).QueueKind);
    }

    [Fact]
    public void MemoryDevices_RejectAnUnknownQueueKind_NamingIt()
    {
        Assert.Equal("queueKind", Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryDevice("m", 64, queueKind: (BlockQueueKind)7)).ParamName);
        Assert.Equal("queueKind", Assert.Throws<ArgumentOutOfRangeException>(() => new SparseMemoryDevice("s", 64, queueKind: (BlockQueueKind)7)).ParamName);
        Assert.Equal("queueKind", Assert.Throws<ArgumentOutOfRangeException>(
            () => new MemoryDevice("m", 64, new QueueLimits(), queueKind: (BlockQueueKind)7)).ParamName);
    }

    [Fact]
    public void ZeroAndErrorTargets_AreBioBased()
    {
        Assert.Equal(BlockQueueKind.BioBased, ((IBlockDevice)new ZeroDevice("z", 64)).QueueKind);
        Assert.Equal(BlockQueueKind.BioBased, ((IBlockDevice)new ErrorDevice("e", 64)).QueueKind);
    }

    [Fact]
    public void StackedDevices_AreBioBased_EvenOverARequestBasedDevice()
    {
        var nullBlk = new MemoryDevice("n", 64, queueKind: BlockQueueKind.RequestBased);

        Assert.Equal(BlockQueueKind.BioBased, ((IBlockDevice)new LinearDevice("l", nullBlk, 0, 64)).QueueKind);
    }
}
