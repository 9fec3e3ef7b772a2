using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests.Kernel612;

/// <summary>
/// A traced device must fail reads exactly as the untraced one does: the tracer passes the engine's own bio on, so
/// dm core still advances it past every piece but the last and zero_fill_bio still reaches only that piece.
/// </summary>
public sealed class TracingTransparencyTests
{
    private static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void TracedTable_LinearThenDead_ZeroFillsOnlyTheLastPiece_AndTracesTheBioAsSubmitted()
    {
        var disk = new MemoryDevice("disk", 64);
        disk.WriteDirect(0, Enumerable.Repeat((byte)0x5A, 64 * 512).ToArray());
        var table = new TableDevice("t", [new(0, 32, new LinearDevice("l", disk, 0, 32)), new(32, 32, new DeadDevice("dead", 32))]);
        var trace = new TraceRecorder(new SimulatedScheduler());
        var traced = new TracingDevice("traced", table, trace);
        byte[] buffer = Enumerable.Repeat((byte)0xAA, 64 * 512).ToArray();
        using DmIoClient client = DmIoClient.Create(1, Scheduler);
        ulong bits = 0;

        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(buffer)), Client = client },
            [new IoRegion(traced, 0, 64)], ref bits);

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.All(buffer.AsSpan(0, 32 * 512).ToArray(), b => Assert.Equal(0x5A, b)); // the first piece keeps the disk's data
        Assert.All(buffer.AsSpan(32 * 512).ToArray(), b => Assert.Equal(0, b));       // the last piece is zeroed
        string complete = Assert.Single(trace.Lines, l => l.Contains("\"ev\":\"complete\"", StringComparison.Ordinal));
        Assert.Contains("\"sector\":0,\"count\":64,", complete, StringComparison.Ordinal);
    }

    private sealed class DeadDevice(string name, long capacitySectors) : IBlockDevice
    {
        public string Name => name;

        public long CapacitySectors => capacitySectors;

        public QueueLimits Limits { get; } = QueueLimits.Brd;

        public void Submit(Bio bio) => bio.Complete(BlkStatus.IoError);
    }
}
