using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>Bad input throws an exception naming the problem before any I/O, with pools and devices unchanged.</summary>
public sealed class BadInputTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    private readonly ScriptedDevice _dev = new("d", 1024);
    private readonly DmIoClient _client;

    public BadInputTests(ResourceLedger ledger)
    {
        _ledger = ledger;
        _client = ledger.Track(TestClient.Create());
    }

    private void AssertNothingHappened()
    {
        Assert.Empty(_dev.Submitted);
        Assert.Equal(_client.IoCapacity, _client.FreeIos);
        Assert.Equal(0, _client.OutstandingBios);
    }

    private T Rejects<T>(BioOperation op, DmIoMemory memory, IoRegion[] regions, string expectedParam, string expectedText)
        where T : ArgumentException
    {
        var request = new DmIoRequest { Operation = op, Memory = memory, Client = _client };
        ulong bits = 77;
        T ex = Assert.Throws<T>(() => DmIoEngine.Execute(request, regions, ref bits));
        Assert.Equal(expectedParam, ex.ParamName);
        Assert.Contains(expectedText, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(77UL, bits);
        AssertNothingHappened();
        return ex;
    }

    private static DmIoMemory Vm(int bytes, int offset = 0) => DmIoMemory.FromVm(new VmBuffer(new byte[bytes], offset));

    [Fact]
    public void NullDevice_IsRejected() =>
        Rejects<ArgumentNullException>(BioOperation.Write, Vm(4096), [new IoRegion(_dev, 0, 8), new IoRegion(null!, 0, 8)], "regions", "Region 1 names no device");

    [Fact]
    public void NegativeSector_IsRejected() =>
        Rejects<ArgumentOutOfRangeException>(BioOperation.Write, Vm(4096), [new IoRegion(_dev, -1, 8)], "regions", "negative sector");

    [Fact]
    public void NegativeCount_IsRejected() =>
        Rejects<ArgumentOutOfRangeException>(BioOperation.Write, Vm(4096), [new IoRegion(_dev, 0, -8)], "regions", "negative sector count");

    [Fact]
    public void SectorPlusCountOverflowing_IsRejected() =>
        Rejects<ArgumentOutOfRangeException>(BioOperation.Discard, DmIoMemory.None, [new IoRegion(_dev, long.MaxValue - 4, 8)], "regions", "overflows");

    [Fact]
    public void MoreThan64Regions_IsRejected()
    {
        IoRegion[] regions = [.. Enumerable.Range(0, 65).Select(i => new IoRegion(_dev, i, 1))];
        Rejects<ArgumentException>(BioOperation.Write, Vm(512), regions, "regions", "at most 64 regions");
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(-512)]
    [InlineData(100)]
    public void PageListOffsetOutsideAPageOrNotSectorAligned_IsRejected(int offset)
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(1);
        ulong bits = 0;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            legacy.SyncPageList([new IoRegion(_dev, 0, 1)], BioOperation.Write, PageList.Allocate(2), offset, ref bits));
        Assert.Equal("offset", ex.ParamName);
        Assert.Empty(_dev.Submitted);
        Assert.Equal(4, legacy.Client!.FreeIos);
    }

    [Fact]
    public void PageListShorterThanTheRegion_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Write, DmIoMemory.FromPageList(PageList.Allocate(2), 512), [new IoRegion(_dev, 0, 16)], "request", "holds 2 page(s) but the regions need 3");

    [Fact]
    public void CyclicPageList_IsWalkedOnlyAsFarAsNeeded()
    {
        var cycle = PageList.Allocate(1);
        cycle.Next = cycle; // a cyclic list has "enough" pages; validation must not spin on it
        var (rc, _) = Io.Sync(_client, BioOperation.Write, DmIoMemory.FromPageList(cycle), new IoRegion(_dev, 0, 16));
        Assert.Equal(0, rc);
    }

    [Fact]
    public void VmBufferShorterThanTheLargestRegion_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Write, Vm(4096), [new IoRegion(_dev, 0, 8), new IoRegion(_dev, 0, 9)], "request", "holds 4096 bytes but the regions need 4608");

    [Fact]
    public void KmemBufferShorterThanTheRegion_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Read, DmIoMemory.FromKmem(new VmBuffer(new byte[100])), [new IoRegion(_dev, 0, 1)], "request", "kmem buffer holds 100 bytes");

    [Fact]
    public void VmPageOffsetNotSectorAligned_IsRejected() =>
        Rejects<ArgumentOutOfRangeException>(BioOperation.Write, Vm(4096, 100), [new IoRegion(_dev, 0, 1)], "request", "multiple of 512");

    [Fact]
    public void BvecSegmentLengthNotAMultipleOf512_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Write, DmIoMemory.FromBvec([new BioVec(new Page(), 0, 512), new BioVec(new Page(), 0, 700)]),
            [new IoRegion(_dev, 0, 2)], "request", "element 1 has length 700");

    [Fact]
    public void BvecSegmentRunningOffItsPage_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Write, DmIoMemory.FromBvec([new BioVec(new Page(), 3584, 1024)]),
            [new IoRegion(_dev, 0, 2)], "request", "outside its 4096-byte page");

    [Fact]
    public void BvecArrayShorterThanTheRegion_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Write, DmIoMemory.FromBvec([new BioVec(new Page(), 0, 4096)]),
            [new IoRegion(_dev, 0, 16)], "request", "holds 4096 bytes but the regions need 8192");

    [Fact]
    public void DataRequestWithoutMemory_IsRejected() =>
        Rejects<ArgumentException>(BioOperation.Write, DmIoMemory.None, [new IoRegion(_dev, 0, 1)], "request", "names no memory");

    [Fact]
    public void UnknownOperation_IsRejected() =>
        Rejects<ArgumentOutOfRangeException>((BioOperation)42, Vm(512), [new IoRegion(_dev, 0, 1)], "operation", "Unknown operation");

    [Fact]
    public void NullCallbackOnLegacyAsyncEntryPoints_IsRejected()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        legacy.Get(1);
        IoRegion[] where = [new IoRegion(_dev, 0, 1)];
        Assert.Equal("notify", Assert.Throws<ArgumentNullException>(() => legacy.AsyncVm(where, BioOperation.Write, new VmBuffer(new byte[512]), null!, null)).ParamName);
        Assert.Equal("notify", Assert.Throws<ArgumentNullException>(() => legacy.AsyncBvec(where, BioOperation.Write, [new BioVec(new Page(), 0, 512)], null!, null)).ParamName);
        Assert.Equal("notify", Assert.Throws<ArgumentNullException>(() => legacy.AsyncPageList(where, BioOperation.Write, PageList.Allocate(1), 0, null!, null)).ParamName);
        Assert.Empty(_dev.Submitted);
        Assert.Equal(4, legacy.Client!.FreeIos);
    }

    [Fact]
    public void LegacyApiBeforeDmIoGet_ThrowsInvalidOperation()
    {
        var legacy = _ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        ulong bits = 0;
        var ex = Assert.Throws<InvalidOperationException>(() =>
            legacy.SyncVm([new IoRegion(_dev, 0, 1)], BioOperation.Write, new VmBuffer(new byte[512]), ref bits));
        Assert.Contains("call Get", ex.Message);
        Assert.Throws<InvalidOperationException>(() => legacy.Put(1));
        Assert.Empty(_dev.Submitted);
    }

    [Fact]
    public void RequestWithoutClient_IsRejected()
    {
        var request = new DmIoRequest { Operation = BioOperation.Write, Memory = Vm(512) };
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => DmIoEngine.Execute(request, [new IoRegion(_dev, 0, 1)])).ParamName);
        Assert.Empty(_dev.Submitted);
    }

    [Fact]
    public void RequestOnDisposedClient_IsRejected()
    {
        var client = _ledger.Track(TestClient.Create());
        client.Dispose();
        var request = new DmIoRequest { Operation = BioOperation.Write, Memory = Vm(512), Client = client };
        Assert.Throws<ObjectDisposedException>(() => DmIoEngine.Execute(request, [new IoRegion(_dev, 0, 1)]));
        Assert.Empty(_dev.Submitted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NonPositivePageCounts_AreRejected(int pages)
    {
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => DmIoClient.Create(pages)).ParamName);
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => _ledger.Track(new DmIoLegacy(TestClient.Scheduler)).Get(pages)).ParamName);
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => _client.Resize(pages)).ParamName);
        Assert.Equal(4, _client.IoCapacity);
    }

    [Theory]
    [InlineData(nameof(QueueLimits.LogicalBlockSize))]
    [InlineData(nameof(QueueLimits.MaxSectors))]
    [InlineData(nameof(QueueLimits.MaxSegments))]
    [InlineData(nameof(QueueLimits.MaxSegmentSize))]
    public void QueueLimitsOutOfRange_NameTheField(string field)
    {
        QueueLimits bad = field switch
        {
            nameof(QueueLimits.LogicalBlockSize) => QueueLimits.Default with { LogicalBlockSize = 1000 },
            nameof(QueueLimits.MaxSectors) => QueueLimits.Default with { MaxSectors = 4 },
            nameof(QueueLimits.MaxSegments) => QueueLimits.Default with { MaxSegments = 0 },
            _ => QueueLimits.Default with { MaxSegmentSize = 1024 },
        };
        var ex = Assert.Throws<ArgumentException>(() => bad.Validate());
        Assert.StartsWith(field, ex.Message);
    }
}
