namespace DmIo.Tests.Kernel612;

/// <summary>
/// A device that throws from Submit breaks the completion rule (the kernel has no such path). The engine fails
/// that bio, completes the request exactly once, keeps its pools balanced and rethrows the device's exception.
/// Also: 2^32 - 1 limits on a request-based device do not overflow the split arithmetic.
/// </summary>
public sealed class ExceptionSafetyTests
{
    [Fact]
    public void LimitsAtTwoToThe32MinusOne_RequestBasedDevice_WritesAndReadsBack()
    {
        var limits = new QueueLimits { MaxSectors = uint.MaxValue, MaxSegmentSize = uint.MaxValue, MaxSegments = 65535 };
        var dev = new RecordingDevice("rq0", 4096, limits, BlockQueueKind.RequestBased);
        byte[] data = Kernel612Client.Pattern(1 << 20, 7);
        byte[] back = new byte[1 << 20];
        using DmIoClient client = Kernel612Client.Create();

        var w = Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromKmem(new VmBuffer(data)), new IoRegion(dev, 0, 2048));
        var r = Kernel612Client.Sync(client, BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(back)), new IoRegion(dev, 0, 2048));

        Assert.Equal(((0, 0UL), (0, 0UL)), (w, r));
        Assert.Equal(data, back);
        Assert.Equal([(0L, 2048L), (0L, 2048L)], dev.Seen.Select(b => (b.Sector, b.Sectors)));
    }

    [Fact]
    public void SyncRequest_DeviceThrows_TheSameExceptionIsRethrown_PoolsBalanced_ClientDisposes()
    {
        var boom = new InvalidOperationException("device exploded");
        var dev = new RecordingDevice("bad", 1024) { ThrowAt = (0, boom) };
        DmIoClient client = Kernel612Client.Create();

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(dev, 0, 8)));

        Assert.Same(boom, thrown);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
        client.Dispose();
        Assert.True(client.IsDisposed);
    }

    [Fact]
    public void AsyncRequest_DeviceThrows_CallbackOnceWithThatRegionsBit_ExceptionRethrown_PoolsBalanced()
    {
        var boom = new InvalidOperationException("device exploded");
        var good = new RecordingDevice("good", 1024);
        var bad = new RecordingDevice("bad", 1024) { ThrowAt = (0, boom) };
        DmIoClient client = Kernel612Client.Create();
        var calls = new List<ulong>();
        var request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Memory = DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            Client = client,
            Notify = (bits, _) => calls.Add(bits),
        };

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            DmIoEngine.Execute(request, [new IoRegion(good, 0, 8), new IoRegion(bad, 0, 8), new IoRegion(good, 8, 8)]));

        Assert.Same(boom, thrown);
        Assert.Equal(0b010UL, Assert.Single(calls));
        Assert.Equal(2, good.Seen.Count);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
        client.Dispose();
    }

    [Fact]
    public void SyncRequest_RequestBasedDeviceThrowsOnASplitPiece_RethrowsWithoutHanging_PoolsBalanced()
    {
        // max_sectors 8 splits a 32-sector write into 4 pieces; the device throws on the second.
        var boom = new InvalidOperationException("device exploded on a piece");
        var dev = new RecordingDevice("rq0", 1024, new QueueLimits { MaxSectors = 8 }, BlockQueueKind.RequestBased) { ThrowAt = (1, boom) };
        DmIoClient client = Kernel612Client.Create();

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[16384])), new IoRegion(dev, 0, 32)));

        Assert.Same(boom, thrown);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
        client.Dispose();
    }
}
