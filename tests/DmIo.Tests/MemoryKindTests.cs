using DmIo.Testing;
using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.9: all four memory kinds move identical bytes for the same logical buffer.</summary>
public sealed class MemoryKindTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public MemoryKindTests(ResourceLedger ledger) => _ledger = ledger;

    public static TheoryData<DmIoMemoryKind, int, DmIoMemoryKind, int> KindPairs()
    {
        var data = new TheoryData<DmIoMemoryKind, int, DmIoMemoryKind, int>();
        DmIoMemoryKind[] kinds = [DmIoMemoryKind.PageList, DmIoMemoryKind.Bvec, DmIoMemoryKind.Vm, DmIoMemoryKind.Kmem];
        int[] offsets = [0, 512, 3584];
        foreach (DmIoMemoryKind w in kinds)
        {
            foreach (DmIoMemoryKind r in kinds)
            {
                data.Add(w, offsets[(int)w % 3], r, offsets[(int)r * 2 % 3]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindPairs))]
    public void WriteWithOneKind_ReadWithAnother_GivesTheSameBytes(DmIoMemoryKind writeKind, int writeOffset, DmIoMemoryKind readKind, int readOffset)
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new RecordingDevice("d", 1024);
        byte[] payload = Patterns.Bytes(37 * 512, seed: (int)writeKind);
        BufferKit source = BufferKit.Create(writeKind, payload.Length, writeOffset, bvecSegmentBytes: 1536);
        source.Fill(payload);
        BufferKit destination = BufferKit.Create(readKind, payload.Length, readOffset, bvecSegmentBytes: 2048);

        Assert.Equal(0, Io.Sync(client, BioOperation.Write, source.Memory, new IoRegion(dev, 3, 37)).ReturnCode);
        Assert.Equal(0, Io.Sync(client, BioOperation.Read, destination.Memory, new IoRegion(dev, 3, 37)).ReturnCode);

        Patterns.AssertBytesEqual(payload, dev.Data.Slice(3 * 512, payload.Length), $"device after {source}:");
        Patterns.AssertBytesEqual(payload, destination.ToArray(), $"{destination} after {source}:");
    }

    [Fact]
    public void LegacyEntryPoints_AllSixMoveTheSameBytes()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(4);
        var dev = new RecordingDevice("d", 1024);
        byte[] payload = Patterns.Bytes(16 * 512, seed: 11);
        var region = new[] { new IoRegion(dev, 8, 16) };
        ulong bits = 0;

        var pages = BufferKit.Create(DmIoMemoryKind.PageList, payload.Length, 1024);
        pages.Fill(payload);
        Assert.Equal(0, legacy.SyncPageList(region, BioOperation.Write, pages.PageList, 1024, ref bits));
        var bvec = BufferKit.Create(DmIoMemoryKind.Bvec, payload.Length, 0, 512);
        Assert.Equal(0, legacy.SyncBvec(region, BioOperation.Read, bvec.Vectors, ref bits));
        Patterns.AssertBytesEqual(payload, bvec.ToArray(), "sync bvec read of sync page-list write:");

        var vm = BufferKit.Create(DmIoMemoryKind.Vm, payload.Length, 2048);
        var probe = new CallbackProbe();
        Assert.Equal(0, legacy.AsyncVm(region, BioOperation.Read, vm.VmBuffer, probe.Notify, "ctx"));
        Assert.Equal(1, probe.Calls);
        Assert.Equal("ctx", probe.Context);
        Patterns.AssertBytesEqual(payload, vm.ToArray(), "async vm read:");

        byte[] second = Patterns.Bytes(16 * 512, seed: 12);
        var bvec2 = BufferKit.Create(DmIoMemoryKind.Bvec, second.Length, 0, 4096);
        bvec2.Fill(second);
        Assert.Equal(0, legacy.AsyncBvec(region, BioOperation.Write, bvec2.Vectors, probe.Notify, null));
        var pages2 = BufferKit.Create(DmIoMemoryKind.PageList, second.Length, 0);
        Assert.Equal(0, legacy.AsyncPageList(region, BioOperation.Read, pages2.PageList, 0, probe.Notify, null));
        Patterns.AssertBytesEqual(second, pages2.ToArray(), "async page-list read of async bvec write:");
        var vm2 = BufferKit.Create(DmIoMemoryKind.Vm, second.Length, 0);
        Assert.Equal(0, legacy.SyncVm(region, BioOperation.Read, vm2.VmBuffer, ref bits));
        Patterns.AssertBytesEqual(second, vm2.ToArray(), "sync vm read:");
        Assert.Equal(3, probe.Calls);
        legacy.Put(4);
    }
}
