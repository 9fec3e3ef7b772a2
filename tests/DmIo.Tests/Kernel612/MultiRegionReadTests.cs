namespace DmIo.Tests.Kernel612;

/// <summary>
/// Linux 6.12 dm_io(): "if (num_regions > 1 && !op_is_write(...)) { WARN_ON(1); return -EIO; }" before it picks
/// sync or async, so neither path runs: no bio, no callback, sync error bits unwritten. The legacy API keeps the
/// seed-era behaviour: async calls notify(1) synchronously and returns -EIO.
/// </summary>
public sealed class MultiRegionReadTests
{
    private readonly RecordingDevice _a = new("a", 64);
    private readonly RecordingDevice _b = new("b", 64);

    [Fact]
    public void UnifiedAsyncMultiRegionRead_ReturnsEio_CallbackNeverCalled_NoBioIssued()
    {
        using DmIoClient client = Kernel612Client.Create();
        int calls = 0;
        var request = new DmIoRequest
        {
            Operation = BioOperation.Read,
            Memory = DmIoMemory.FromVm(new VmBuffer(new byte[4096])),
            Client = client,
            Notify = (_, _) => Interlocked.Increment(ref calls),
        };

        int rc = DmIoEngine.Execute(request, [new IoRegion(_a, 0, 8), new IoRegion(_b, 0, 8)]);

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(0, Volatile.Read(ref calls));
        Assert.Empty(_a.Seen);
        Assert.Empty(_b.Seen);
        Assert.Equal((0, 0), (client.OutstandingIos, client.OutstandingBios));
    }

    [Fact]
    public void UnifiedSyncMultiRegionRead_ReturnsEio_LeavesTheErrorBitsUnwritten()
    {
        using DmIoClient client = Kernel612Client.Create();
        var (rc, bits) = Kernel612Client.Sync(client, BioOperation.Read, BioFlags.None,
            DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(_a, 0, 8), new IoRegion(_b, 0, 8));

        Assert.Equal((-Errno.EIO, 0xDEAD_BEEFUL), (rc, bits));
        Assert.Empty(_a.Seen);
    }

    [Fact]
    public void LegacyAsyncMultiRegionRead_CallsNotifyWithBit0BeforeReturning_AndReturnsEio()
    {
        var legacy = new DmIoLegacy(Kernel612Client.Scheduler);
        legacy.Get(1);
        bool returned = false;
        var calls = new List<(ulong Bits, object? Context, bool BeforeReturn)>();
        object context = new();

        int rc = legacy.AsyncVm([new IoRegion(_a, 0, 8), new IoRegion(_b, 0, 8)], BioOperation.Read, new VmBuffer(new byte[4096]),
            (bits, ctx) => calls.Add((bits, ctx, !returned)), context);
        returned = true;

        Assert.Equal(-Errno.EIO, rc);
        var call = Assert.Single(calls);
        Assert.Equal((1UL, context, true), (call.Bits, call.Context, call.BeforeReturn));
        Assert.Empty(_a.Seen);
    }

    [Fact]
    public void MultiRegionWrite_IsStillIssuedToEveryRegion()
    {
        using DmIoClient client = Kernel612Client.Create();
        var (rc, bits) = Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None,
            DmIoMemory.FromVm(new VmBuffer(new byte[4096])), new IoRegion(_a, 0, 8), new IoRegion(_b, 0, 8));

        Assert.Equal((0, 0UL), (rc, bits));
        Assert.Single(_a.Seen);
        Assert.Single(_b.Seen);
    }
}
