using DmIo.Testing;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.11: the block layer fails bios past the end of the device or misaligned to its logical block size.</summary>
public sealed class BlockLayerTests
{
    [Fact]
    public void BioPastEndOfDevice_FailsWithIoError_SettingOnlyItsRegionsBit()
    {
        using var client = TestClient.Create();
        var small = new RecordingDevice("small", 100);
        var big = new RecordingDevice("big", 1000);

        var (rc, bits) = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[16 * 512])),
            new IoRegion(big, 90, 16), new IoRegion(small, 90, 16));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0b10UL, bits);
        Assert.Empty(small.Bios);
        Assert.Single(big.Bios);
    }

    [Fact]
    public void BioMisalignedToTheLogicalBlockSize_FailsBeforeTheDeviceSeesIt()
    {
        using var client = TestClient.Create();
        var dev = new RecordingDevice("4kn", 1024, QueueLimits.Default with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096 });

        var misalignedStart = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 1, 8));
        var misalignedSize = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 8, 4));
        var aligned = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 8, 8));

        Assert.Equal((-Errno.EIO, 1UL), misalignedStart);
        Assert.Equal((-Errno.EIO, 1UL), misalignedSize);
        Assert.Equal((0, 0UL), aligned);
        Assert.Single(dev.Bios);
    }

    [Fact]
    public void Preflush_OnDeviceWithoutVolatileCache_IsStripped_AndAnEmptyFlushCompletesOk()
    {
        using var client = TestClient.Create();
        var dev = new RecordingDevice("d", 64);

        var data = Io.Sync(client, BioOperation.Write, BioFlags.Preflush | BioFlags.Fua, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));
        var empty = Io.Sync(client, BioOperation.Write, BioFlags.Preflush, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new IoRegion(dev, 0, 0));

        Assert.Equal((0, 0UL), data);
        Assert.Equal((0, 0UL), empty);
        RecordedBio only = Assert.Single(dev.Bios);
        Assert.Equal(BioFlags.Sync, only.Flags);
    }

    [Fact]
    public void Preflush_OnARead_IsNotSupported()
    {
        using var client = TestClient.Create();
        var dev = new RecordingDevice("d", 64, QueueLimits.Default with { VolatileWriteCache = true });

        var result = Io.Sync(client, BioOperation.Read, BioFlags.Preflush, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8));

        Assert.Equal((-Errno.EIO, 1UL), result);
        Assert.Empty(dev.Bios);
    }

    [Fact]
    public void Bio_CompletedTwice_Throws()
    {
        var bio = new Bio();
        int calls = 0;
        bio.Init(BioOperation.Write, BioFlags.None, 0, new BioEndIoAction(_ => calls++));

        bio.Complete(BlkStatus.Ok);

        Assert.Throws<InvalidOperationException>(() => bio.Complete(BlkStatus.IoError));
        Assert.Equal(1, calls);
        Assert.Equal(BlkStatus.Ok, bio.Status);
    }
}
