using DmIo.Nbd.Exports;
using DmIo.Nbd.Serving;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>Requests on scenario devices: data, the errno a failed bio gives, PREFLUSH/FUA on a write cache, advertised sizes.</summary>
public sealed class ScenarioExportTests
{
    private const string RulesOverMemory = """[{"name":"d0","backend":"memory","sectors":2048},{"name":"r","table":["0 2048 rules d0 0"]}]""";

    [Fact]
    public async Task A_write_then_a_read_through_a_target_returns_the_written_bytes()
    {
        using var served = ServedScenario.Start(RulesOverMemory, "r=r raw=d0");
        byte[] written = [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 + 3))];
        Assert.Equal(0, (await served.Do("r", NbdCommand.Write, 4096, 8192, written)).Errno);
        var viaTarget = new byte[8192];
        var viaBacking = new byte[8192];
        Assert.Equal(0, (await served.Do("r", NbdCommand.Read, 4096, 8192, viaTarget)).Errno);
        Assert.Equal(0, (await served.Do("raw", NbdCommand.Read, 4096, 8192, viaBacking)).Errno);
        Assert.Equal(written, viaTarget);
        Assert.Equal(written, viaBacking);
    }

    [Fact]
    public async Task A_rule_failing_one_sector_fails_exactly_the_reads_that_cover_it_with_EIO()
    {
        using var served = ServedScenario.Start(RulesOverMemory, "r=r");
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"inject","device":"r","text":"add name=bad op=read sectors=100-100 action=fail:ioerr"}"""));
        (int errno, string? message) = await served.Do("r", NbdCommand.Read, 100 * 512, 512);
        Assert.Equal(5, errno);
        Assert.Equal("read of 512 bytes at offset 51200 on device 'r' failed: EIO (BLK_STS_IOERR)", message);
        Assert.Equal(5, (await served.Do("r", NbdCommand.Read, 64 * 512, 65536)).Errno);
        Assert.Equal(0, (await served.Do("r", NbdCommand.Read, 99 * 512, 512)).Errno);
        Assert.Equal(0, (await served.Do("r", NbdCommand.Read, 101 * 512, 512)).Errno);
        Assert.Equal(0, (await served.Do("r", NbdCommand.Write, 100 * 512, 512)).Errno);
    }

    [Fact]
    public async Task A_no_space_rule_gives_ENOSPC_as_blk_status_to_errno_does()
    {
        using var served = ServedScenario.Start(RulesOverMemory, "r=r");
        served.Control("""{"cmd":"inject","device":"r","text":"add name=full op=write action=fail:nospc"}""");
        (int errno, string? message) = await served.Do("r", NbdCommand.Write, 0, 4096);
        Assert.Equal(28, errno);
        Assert.EndsWith("ENOSPC (BLK_STS_NOSPC)", message);
    }

    [Fact]
    public async Task A_large_request_is_one_bio_per_256_pages_and_fails_as_a_whole_when_one_fails()
    {
        using var served = ServedScenario.Start("""[{"name":"d0","backend":"memory","sectors":8192},{"name":"r","table":["0 8192 rules d0 0"]}]""", "r=r", traced: true);
        // 3 MiB = 768 pages: bios of 1 MiB at sectors 0, 2048 and 4096; only the last covers sector 5000.
        served.Control("""{"cmd":"inject","device":"r","text":"add name=bad op=read sectors=5000-5000 action=fail:ioerr"}""");
        Assert.Equal(5, (await served.Do("r", NbdCommand.Read, 0, 3 << 20)).Errno);
        served.Finish();
        string[] submits = [.. served.Trace!.ToString().Split('\n').Where(l => l.Contains("\"ev\":\"submit\"") && l.Contains("\"dev\":\"r\""))];
        Assert.Equal(3, submits.Length);
        Assert.Contains("\"sector\":0,\"count\":2048", submits[0]);
        Assert.Contains("\"sector\":2048,\"count\":2048", submits[1]);
        Assert.Contains("\"sector\":4096,\"count\":2048", submits[2]);
    }

    [Fact]
    public async Task On_a_write_cache_a_FUA_write_and_a_flushed_write_survive_a_crash_and_a_plain_write_does_not()
    {
        using var served = ServedScenario.Start("""[{"name":"d0","backend":"memory","sectors":2048},{"name":"wc","table":["0 2048 volatile_cache d0 0 lose"]}]""", "wc=wc raw=d0");
        byte[] fua = Filled(4096, 0x11), flushed = Filled(4096, 0x22), plain = Filled(4096, 0x33);
        Assert.Equal(0, (await served.Do("wc", NbdCommand.Write, 4096, 4096, flushed)).Errno);
        Assert.Equal(0, (await served.Do("wc", NbdCommand.Flush, 0, 0)).Errno);
        Assert.Equal(0, (await served.Do("wc", NbdCommand.Write, 0, 4096, fua, NbdCommandFlags.Fua)).Errno);
        Assert.Equal(0, (await served.Do("wc", NbdCommand.Write, 8192, 4096, plain)).Errno);
        Assert.Contains("\"ok\":true", served.Control("""{"cmd":"crash","device":"wc"}"""));
        var after = new byte[12288];
        Assert.Equal(0, (await served.Do("raw", NbdCommand.Read, 0, 12288, after)).Errno);
        Assert.Equal(fua, after[..4096]);
        Assert.Equal(flushed, after[4096..8192]);
        Assert.Equal(new byte[4096], after[8192..]);
    }

    [Fact]
    public void Advertised_sizes_come_from_the_queue_limits()
    {
        var limits = new QueueLimits { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, IoOpt = 65536 };
        Assert.Equal(new NbdBlockSizes(4096, 65536, 32 << 20), ScenarioExport.BlockSizesOf(limits, 32 << 20));
        var odd = new QueueLimits { LogicalBlockSize = 512, PhysicalBlockSize = 4096, IoOpt = 3 * 4096 };
        Assert.Equal(new NbdBlockSizes(512, 4096, 999_936), ScenarioExport.BlockSizesOf(odd, 1_000_000));
    }

    [Fact]
    public void Trim_and_write_zeroes_are_advertised_only_when_the_limits_allow_them()
    {
        NbdExportFeatures none = ScenarioExport.FeaturesOf(new QueueLimits { MaxDiscardSectors = 0, MaxWriteZeroesSectors = 0 });
        Assert.Equal(NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.MultiConn, none);
        NbdExportFeatures both = ScenarioExport.FeaturesOf(new QueueLimits { MaxDiscardSectors = 8, MaxWriteZeroesSectors = 8 });
        Assert.Equal(none | NbdExportFeatures.Trim | NbdExportFeatures.WriteZeroes, both);
    }

    [Fact]
    public async Task A_latency_device_delays_the_reply_in_wall_clock_time_and_the_pacer_delivers_it_unprompted()
    {
        using var served = ServedScenario.Start("""[{"name":"d0","backend":"memory","sectors":2048},{"name":"slow","table":["0 2048 latency d0 0 fixed:40ms"]}]""", "slow=slow");
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, (await served.Do("slow", NbdCommand.Read, 0, 4096)).Errno);
        // A lower bound only: the reply cannot come before the device's delay; nothing else is submitted meanwhile.
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(40), $"the reply came after {started.Elapsed.TotalMilliseconds} ms, before the 40 ms latency");
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
