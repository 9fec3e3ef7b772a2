namespace DmIo.Tests.Kernel612;

/// <summary>
/// Linux 6.12 endio: a failed READ is zero_fill_bio'd, which zeroes what the bio's iterator still covers. On a
/// bio-based device that failed the bio without advancing it (brd) that is the whole bio; on a request-based
/// device blk_update_request advanced the bio over every byte, so nothing is zeroed.
/// </summary>
public sealed class ReadFailureZeroFillTests
{
    [Fact]
    public void BioBasedDeviceFailingARead_TheWholeDmIoBioIsZeroed_EvenWhatTheDeviceWrote()
    {
        var dev = new RecordingDevice("brd0", 8192) { Fail = (_, _) => BlkStatus.IoError, ServeBeforeFailing = true };
        Kernel612Client.Pattern(64 * 512, 3).CopyTo(dev.Data);
        byte[] buffer = Kernel612Client.Filled(64 * 512, 0xAA);
        using DmIoClient client = Kernel612Client.Create();

        var (rc, bits) = Kernel612Client.Sync(client, BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion(dev, 0, 64));

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.Equal(new byte[64 * 512], buffer);
    }

    [Fact]
    public void RequestBasedDeviceFailingARead_NothingIsZeroed_TheBufferKeepsWhatTheDeviceWrote()
    {
        var dev = new RecordingDevice("rq0", 8192, new QueueLimits { MaxSectors = 16 }, BlockQueueKind.RequestBased)
        {
            Fail = (i, _) => i == 1 ? BlkStatus.IoError : BlkStatus.Ok,
            ServeBeforeFailing = true,
        };
        byte[] stored = Kernel612Client.Pattern(64 * 512, 5);
        stored.CopyTo(dev.Data);
        byte[] buffer = Kernel612Client.Filled(64 * 512, 0xAA);
        using DmIoClient client = Kernel612Client.Create();

        var (rc, bits) = Kernel612Client.Sync(client, BioOperation.Read, BioFlags.None, DmIoMemory.FromKmem(new VmBuffer(buffer)), new IoRegion(dev, 0, 64));

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.Equal(4, dev.Seen.Count);
        Assert.Equal(stored, buffer);
    }

    [Fact]
    public void RequestBasedDeviceFailingTheLastPieceWithoutWriting_ThePrefillSurvives()
    {
        // The last piece is the dm-io bio itself; the device fails it without touching memory.
        var dev = new RecordingDevice("rq0", 8192, new QueueLimits { MaxSectors = 32 }, BlockQueueKind.RequestBased)
        {
            Fail = (i, _) => i == 1 ? BlkStatus.IoError : BlkStatus.Ok,
        };
        byte[] stored = Kernel612Client.Pattern(64 * 512, 9);
        stored.CopyTo(dev.Data);
        byte[] buffer = Kernel612Client.Filled(64 * 512, 0xAA);
        using DmIoClient client = Kernel612Client.Create();

        var (rc, _) = Kernel612Client.Sync(client, BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(buffer)), new IoRegion(dev, 0, 64));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(stored.AsSpan(0, 32 * 512).ToArray(), buffer.AsSpan(0, 32 * 512).ToArray());
        Assert.Equal(Kernel612Client.Filled(32 * 512, 0xAA), buffer.AsSpan(32 * 512).ToArray());
    }
}
