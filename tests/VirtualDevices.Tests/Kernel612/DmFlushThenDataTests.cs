namespace DmIo.VirtualDevices.Tests.Kernel612;

/// <summary>
/// Linux 6.12 dm core: a PREFLUSH bio first sends an empty flush to every device underneath
/// (__send_empty_flush); when those complete, a flush with data is requeued without REQ_PREFLUSH and mapped
/// (dm_io_complete: bio_is_flush_with_data), so the flush's own error is dropped; an empty flush completes with it.
/// </summary>
public sealed class DmFlushThenDataTests
{
    private static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void PreflushWrite_ThroughLinear_LowerSeesAnEmptyFlushFirst_ThenTheDataWithoutPreflush()
    {
        var lower = new FlushRecordingDevice("mem0", 64);
        var linear = new LinearDevice("lin0", lower, 8, 32);

        var (rc, bits) = Write(linear, BioFlags.Preflush, 8);

        Assert.Equal((0, 0UL), (rc, bits));
        Assert.Equal([(true, 0L, 0L), (false, 8L, 8L)], lower.Seen);
    }

    [Fact]
    public void PreflushWrite_TheLowerFlushFails_ButTheDataSucceeds_TheFlushErrorIsDropped()
    {
        var lower = new FlushRecordingDevice("mem0", 64) { FailFlushes = true };
        var linear = new LinearDevice("lin0", lower, 0, 32);

        var (rc, bits) = Write(linear, BioFlags.Preflush, 8);

        Assert.Equal((0, 0UL), (rc, bits));
        Assert.Equal(2, lower.Seen.Count);
    }

    [Fact]
    public void EmptyPreflush_TheLowerFlushFails_TheRequestFails()
    {
        var lower = new FlushRecordingDevice("mem0", 64) { FailFlushes = true };
        var linear = new LinearDevice("lin0", lower, 0, 32);

        var (rc, bits) = Write(linear, BioFlags.Preflush, 0);

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.Equal([(true, 0L, 0L)], lower.Seen);
    }

    private static (int Rc, ulong Bits) Write(IBlockDevice device, BioFlags flags, long sectors)
    {
        using DmIoClient client = DmIoClient.Create(1, Scheduler);
        ulong bits = 0xDEAD;
        var request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Flags = flags,
            Memory = sectors == 0 ? DmIoMemory.None : DmIoMemory.FromVm(new VmBuffer(new byte[sectors * 512])),
            Client = client,
        };
        int rc = DmIoEngine.Execute(request, [new IoRegion(device, 0, sectors)], ref bits);
        return (rc, bits);
    }

    /// <summary>A write-back-cached device that records (preflush?, sector, sectors) and can fail every flush.</summary>
    private sealed class FlushRecordingDevice(string name, long capacitySectors) : IBlockDevice
    {
        private readonly List<(bool Preflush, long Sector, long Sectors)> _seen = [];

        public string Name { get; } = name;

        public long CapacitySectors { get; } = capacitySectors;

        public QueueLimits Limits { get; } = new QueueLimits { VolatileWriteCache = true }.Validate();

        public bool FailFlushes { get; init; }

        public IReadOnlyList<(bool Preflush, long Sector, long Sectors)> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public void Submit(Bio bio)
        {
            bool flush = (bio.Flags & BioFlags.Preflush) != 0;
            lock (_seen)
            {
                _seen.Add((flush, bio.Sector, bio.SectorCount));
            }

            bio.Complete(flush && FailFlushes ? BlkStatus.IoError : BlkStatus.Ok);
        }
    }
}
