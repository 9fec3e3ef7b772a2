using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Tests.Kernel612;

/// <summary>
/// A device under a device-mapper table that throws from Submit while dm core is sending a piece: the original bio
/// still completes once for every piece it owes (the failed piece and the rest never mapped), so the request
/// finishes, the exception reaches the submitter and the client's pools are balanced. The wait is bounded by the
/// test scheduler's 30 s timeout, so a lost completion fails with a message instead of hanging.
/// </summary>
public sealed class DmPieceExceptionTests
{
    [Theory]
    [InlineData(0)] // the first piece throws, with a second piece still to map
    [InlineData(1)] // the last piece throws
    public void SyncRequest_TableDeviceUnderneathThrowsOnAPiece_RethrowsAndBalancesPools(int throwingSegment)
    {
        var boom = new InvalidOperationException("device exploded");
        var good = new RecordingDevice("good", 64);
        var bad = new RecordingDevice("bad", 64) { ThrowAt = (0, boom) };
        var table = new TableDevice("t",
        [
            new(0, 8, new LinearDevice("s0", throwingSegment == 0 ? bad : good, 0, 8)),
            new(8, 8, new LinearDevice("s1", throwingSegment == 1 ? bad : good, 0, 8)),
        ]);
        DmIoClient client = Kernel612Client.Create();

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[16 * 512])), new IoRegion(table, 0, 16)));

        Assert.Same(boom, thrown);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
        client.Dispose();
        Assert.True(client.IsDisposed);
    }
}
