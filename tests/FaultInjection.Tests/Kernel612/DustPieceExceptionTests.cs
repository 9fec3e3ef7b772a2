using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Kernel612;

/// <summary>
/// A device under dust that throws from Submit on the first block-sized piece, with more pieces still to map: the
/// dm-io bio still completes (the thrown piece fails, the unmapped rest drops its completion), the exception reaches
/// the submitter and the client's pools are balanced. The 30 s wait timeout turns a lost completion into a failure.
/// </summary>
public sealed class DustPieceExceptionTests
{
    private static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void SyncRead_DeviceUnderDustThrowsOnTheFirstBlock_RethrowsAndBalancesPools()
    {
        var boom = new InvalidOperationException("device exploded");
        var dust = new DustDevice("dust0", new ThrowingDevice("bad", 64, boom), 0, 64, 4096);
        DmIoClient client = DmIoClient.Create(1, Scheduler);

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(new byte[16 * 512])), Client = client },
                [new IoRegion(dust, 0, 16)]));

        Assert.Same(boom, thrown);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
        client.Dispose();
    }

    [Fact]
    public void DirectSubmit_DeviceUnderDustThrowsOnTheFirstBlock_TheBioStillCompletesOnceWithAnError()
    {
        var boom = new InvalidOperationException("device exploded");
        var dust = new DustDevice("dust0", new ThrowingDevice("bad", 64, boom), 0, 64, 4096);
        int completions = 0;
        var bio = new Bio();
        bio.Init(BioOperation.Read, BioFlags.None, 0, new BioEndIoAction(_ => completions++));
        Assert.True(bio.TryAddSegment(new byte[16 * 512]));

        Assert.Same(boom, Assert.Throws<InvalidOperationException>(() => BlockLayer.Submit(dust, bio)));

        Assert.Equal((1, BlkStatus.IoError), (completions, bio.Status));
    }

    private sealed class ThrowingDevice(string name, long capacitySectors, Exception exception) : IBlockDevice
    {
        public string Name => name;

        public long CapacitySectors => capacitySectors;

        public QueueLimits Limits { get; } = QueueLimits.Brd;

        public void Submit(Bio bio) => throw exception;
    }
}
