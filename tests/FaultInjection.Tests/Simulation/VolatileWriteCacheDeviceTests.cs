using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Simulation;

public sealed class VolatileWriteCacheDeviceTests
{
    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _media = new("media0", 1024);
    private readonly FaultRecord _record = new();

    private VolatileWriteCacheDevice Cache(CrashPolicy policy, params ulong[] choices) =>
        new("wc0", _media, _scheduler, new ScriptedChoices(choices), _record, policy);

    [Fact]
    public void Limits_ReportVolatileCacheAndFua()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.LoseAll);

        Assert.True(cache.Limits.VolatileWriteCache);
        Assert.True(cache.Limits.Fua);
        Assert.False(_media.Limits.VolatileWriteCache);
    }

    [Fact]
    public void PlainWrite_IsVisibleToReads_ButNotOnMediaUntilFlushed()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.LoseAll);
        byte[] data = Bios.Pattern(4, 21);

        Assert.Equal(BlkStatus.Ok, Bios.Write(cache, 8, data).Status);

        Bios.AssertBytes(data, Bios.Read(cache, 8, 4).Buffer, "read through the cache");
        Bios.AssertBytes(new byte[4 * 512], Bios.ReadMedia(_media, 8, 4), "media before flush");
        Assert.Equal([(8L, 4L)], cache.VolatileRanges);

        Assert.Equal(BlkStatus.Ok, Bios.Flush(cache).Status);
        Bios.AssertBytes(data, Bios.ReadMedia(_media, 8, 4), "media after flush");
        Assert.Empty(cache.VolatileRanges);
    }

    [Fact]
    public void ReadOverlappingCachedWritePartly_SeesNewestBytesPerSector()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.LoseAll);
        byte[] onMedia = Bios.Pattern(4, 1);
        _media.WriteDirect(0, onMedia);
        byte[] older = Bios.Pattern(2, 50);
        byte[] newer = Bios.Pattern(1, 90);
        Bios.Write(cache, 1, older);   // sectors 1-2
        Bios.Write(cache, 2, newer);   // sector 2

        byte[] read = Bios.Read(cache, 0, 4).Buffer;

        byte[] expected = (byte[])onMedia.Clone();
        older.AsSpan(0, 512).CopyTo(expected.AsSpan(512));
        newer.CopyTo(expected.AsSpan(1024));
        Bios.AssertBytes(expected, read, "read over media and two cached writes");
    }

    [Fact]
    public void Crash_LoseAll_DropsVolatileWrites_KeepsFlushedAndFuaWrites()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.LoseAll);
        byte[] flushed = Bios.Pattern(2, 3);
        byte[] fua = Bios.Pattern(2, 5);
        byte[] lost = Bios.Pattern(3, 7);
        Bios.Write(cache, 0, flushed);
        Bios.Flush(cache);
        Bios.Write(cache, 10, fua, BioFlags.Fua);
        Bios.Write(cache, 20, lost);

        CrashReport report = cache.Crash();

        Bios.AssertBytes(flushed, Bios.ReadMedia(_media, 0, 2), "flushed write after crash");
        Bios.AssertBytes(fua, Bios.ReadMedia(_media, 10, 2), "FUA write after crash");
        Bios.AssertBytes(new byte[3 * 512], Bios.ReadMedia(_media, 20, 3), "volatile write after crash");
        Bios.AssertBytes(new byte[3 * 512], Bios.Read(cache, 20, 3).Buffer, "read after crash");
        CrashedWrite w = Assert.Single(report.Writes);
        Assert.Equal((20L, 3L, CrashFate.Lost, 0L), (w.Sector, w.SectorCount, w.Fate, w.KeptSectors));
        FaultDecision d = Assert.Single(_record.Snapshot());
        Assert.Equal(("wc0", "crash", "lost", 20L, 3L), (d.Device, d.Rule, d.Action, d.Sector, d.Count));
    }

    [Fact]
    public void Crash_KeepAll_PersistsVolatileWritesInOrder()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.KeepAll);
        byte[] first = Bios.Pattern(2, 30);
        byte[] second = Bios.Pattern(1, 60);
        Bios.Write(cache, 4, first);
        Bios.Write(cache, 5, second);

        CrashReport report = cache.Crash();

        byte[] expected = (byte[])first.Clone();
        second.CopyTo(expected.AsSpan(512));
        Bios.AssertBytes(expected, Bios.ReadMedia(_media, 4, 2), "media after keep-all crash");
        Assert.All(report.Writes, w => Assert.Equal(CrashFate.Kept, w.Fate));
        Assert.Empty(_record.Snapshot());
    }

    [Fact]
    public void Crash_TearAll_PersistsOnlyTheDrawnLeadingSectors()
    {
        // tear_keep draws 2 from [0, 5): keep 1 + 2 = 3 of 6 sectors.
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.TearAll, 1, 2);
        byte[] data = Bios.Pattern(6, 40);
        Bios.Write(cache, 100, data);

        CrashReport report = cache.Crash();

        byte[] expected = new byte[6 * 512];
        data.AsSpan(0, 3 * 512).CopyTo(expected);
        Bios.AssertBytes(expected, Bios.ReadMedia(_media, 100, 6), "media after torn crash");
        CrashedWrite w = Assert.Single(report.Torn);
        Assert.Equal((3L, 103L, 3L), (w.KeptSectors, w.FirstLostSector, w.LostSectors));
        FaultDecision d = Assert.Single(_record.Snapshot());
        Assert.Equal(("torn", 103L, 3L), (d.Action, d.Sector, d.Count));
    }

    [Fact]
    public void Crash_UniformPolicy_DecidesEachWriteFromItsOwnDraw()
    {
        // Fates drawn from [0, 3): 0 lost, 1 kept, 2 torn (then tear_keep 0: keep 1 sector).
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.Uniform, 0, 1, 2, 0);
        byte[] a = Bios.Pattern(2, 1), b = Bios.Pattern(2, 2), c = Bios.Pattern(2, 3);
        Bios.Write(cache, 0, a);
        Bios.Write(cache, 10, b);
        Bios.Write(cache, 20, c);

        CrashReport report = cache.Crash();

        Assert.Equal([CrashFate.Lost, CrashFate.Kept, CrashFate.Torn], report.Writes.Select(w => w.Fate));
        Bios.AssertBytes(new byte[1024], Bios.ReadMedia(_media, 0, 2), "lost write");
        Bios.AssertBytes(b, Bios.ReadMedia(_media, 10, 2), "kept write");
        byte[] torn = new byte[1024];
        c.AsSpan(0, 512).CopyTo(torn);
        Bios.AssertBytes(torn, Bios.ReadMedia(_media, 20, 2), "torn write");
        Assert.Contains("1 lost, 1 kept, 1 torn", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SingleSectorWrite_UnderTearAll_IsLostNotTorn()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.TearAll);
        Bios.Write(cache, 0, Bios.Pattern(1, 1));

        Assert.Equal(CrashFate.Lost, Assert.Single(cache.Crash().Writes).Fate);
    }

    [Fact]
    public void FuaWrite_OverCachedData_IsNotOverwrittenByALaterFlushOrKeptCrash()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.KeepAll);
        byte[] stale = Bios.Pattern(4, 70);
        byte[] fresh = Bios.Pattern(2, 80);
        Bios.Write(cache, 0, stale);           // sectors 0-3 cached
        Bios.Write(cache, 1, fresh, BioFlags.Fua); // sectors 1-2 to media

        Bios.Flush(cache);
        cache.Crash();

        byte[] expected = (byte[])stale.Clone();
        fresh.CopyTo(expected.AsSpan(512));
        Bios.AssertBytes(expected, Bios.ReadMedia(_media, 0, 4), "media after FUA over cached data");
    }

    [Fact]
    public void PreflushWriteWithoutFua_PersistsOlderWrites_ButItsOwnDataStaysVolatile()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.LoseAll);
        byte[] older = Bios.Pattern(1, 11);
        byte[] own = Bios.Pattern(1, 12);
        Bios.Write(cache, 0, older);

        Assert.Equal(BlkStatus.Ok, Bios.Write(cache, 1, own, BioFlags.Preflush).Status);
        cache.Crash();

        Bios.AssertBytes(older, Bios.ReadMedia(_media, 0, 1), "write flushed by the PREFLUSH");
        Bios.AssertBytes(new byte[512], Bios.ReadMedia(_media, 1, 1), "the PREFLUSH write's own data");
    }

    [Fact]
    public void Crash_DuringSlowFlush_FailsTheFlush_AndReportsTheWriteInFlightAsKept()
    {
        // Media behind a fixed 1 ms latency: the flush writes back one cached write at a time.
        var slowMedia = new LatencyDevice("slow", _media, _scheduler, new ScriptedChoices(), LatencyProfile.All(new FixedLatency(1_000_000)));
        var cache = new VolatileWriteCacheDevice("wc0", slowMedia, _scheduler, new ScriptedChoices(), _record, CrashPolicy.LoseAll);
        byte[] first = Bios.Pattern(1, 1), second = Bios.Pattern(1, 2);
        Bios.Write(cache, 0, first);
        Bios.Write(cache, 1, second);
        Submitted flush = Bios.Flush(cache);
        Submitted waiting = Bios.Write(cache, 2, Bios.Pattern(1, 3), BioFlags.Fua);

        CrashReport report = cache.Crash(); // the first write-back is in flight, the second not started
        _scheduler.RunUntilIdle();

        Assert.Equal([CrashFate.Kept, CrashFate.Lost], report.Writes.Select(w => w.Fate));
        Assert.Equal(BlkStatus.IoError, flush.Status);
        Assert.Equal(BlkStatus.IoError, waiting.Status);
        Assert.Equal(1, report.BiosFailed);
        Bios.AssertBytes(first, Bios.ReadMedia(_media, 0, 1), "write-back in flight at the crash");
        Bios.AssertBytes(new byte[512], Bios.ReadMedia(_media, 1, 1), "write-back not started at the crash");
    }

    [Fact]
    public void EngineWritesWithFlush_ThroughDmIo_SurviveCrash_WhileLaterWritesDoNot()
    {
        VolatileWriteCacheDevice cache = Cache(CrashPolicy.LoseAll);
        using DmIoClient client = DmIoClient.Create(1, _scheduler);
        byte[] durable = Bios.Pattern(8, 99);
        byte[] volatileData = Bios.Pattern(8, 77);
        var write = new DmIoRequest { Operation = BioOperation.Write, Memory = DmIoMemory.FromVm(new VmBuffer(durable)), Client = client };
        var flush = new DmIoRequest { Operation = BioOperation.Write, Flags = BioFlags.Preflush, Memory = DmIoMemory.FromVm(new VmBuffer(Array.Empty<byte>())), Client = client };
        var later = write with { Memory = DmIoMemory.FromVm(new VmBuffer(volatileData)) };

        ulong bits = 0;
        Assert.Equal(0, DmIoEngine.Execute(write, [new IoRegion(cache, 64, 8)], ref bits));
        Assert.Equal(0, DmIoEngine.Execute(flush, [new IoRegion(cache, 0, 0)], ref bits));
        Assert.Equal(0, DmIoEngine.Execute(later, [new IoRegion(cache, 128, 8)], ref bits));
        cache.Crash();

        Bios.AssertBytes(durable, Bios.ReadMedia(_media, 64, 8), "flushed dm-io write");
        Bios.AssertBytes(new byte[8 * 512], Bios.ReadMedia(_media, 128, 8), "unflushed dm-io write");
    }

    [Fact]
    public void Constructor_RejectsAllZeroPolicy()
    {
        Assert.Throws<ArgumentException>(() => Cache(new CrashPolicy(0, 0, 0)));
    }
}
