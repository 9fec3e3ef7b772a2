using DmIo.Tests.Reliability;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tests.Reliability;
using Xunit.Abstractions;

namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// The bad-input catalogue for the fault devices: constructors reject null, negative and out-of-range arguments
/// naming the parameter, and a bio submitted straight to a fault device (around the block layer) outside the device
/// completes exactly once with an I/O error and never reaches the device beneath outside the fault device's window.
/// </summary>
public sealed class FaultDeviceCatalogueTests(ResourceLedger ledger, ITestOutputHelper output) : IClassFixture<ResourceLedger>
{
    private const long LowerSectors = 256; // the device beneath every windowed fault device
    private const long WindowOffset = 64;  // where the window starts on it
    private const long WindowSectors = 128;

    private static IEnumerable<ConstructorCase> ConstructorCases()
    {
        var lower = new MemoryDevice("lower", LowerSectors);
        var clock = new SimulatedScheduler();
        var choices = new RandomChoiceSource(1);
        var record = new FaultRecord();
        var flakey = new FlakeyConfiguration { UpIntervalSeconds = 1, DownIntervalSeconds = 1 };
        var route = new DelayRoute(lower, 0, 10);

        yield return new("FlakeyDevice", "null", "null name", typeof(ArgumentNullException), "name", () => new FlakeyDevice(null!, lower, 0, 8, flakey, clock));
        yield return new("FlakeyDevice", "null", "null lower device", typeof(ArgumentNullException), "lower", () => new FlakeyDevice("f", null!, 0, 8, flakey, clock));
        yield return new("FlakeyDevice", "negative", "offset -1", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new FlakeyDevice("f", lower, -1, 8, flakey, clock));
        yield return new("FlakeyDevice", "out of range", "length 0", typeof(ArgumentOutOfRangeException), "lengthSectors", () => new FlakeyDevice("f", lower, 0, 0, flakey, clock));
        yield return new("FlakeyDevice", "out of range", "window past the lower device's end", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new FlakeyDevice("f", lower, 250, 8, flakey, clock));
        yield return new("FlakeyDevice", "overflow", "offset + length past long.MaxValue", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new FlakeyDevice("f", lower, long.MaxValue - 2, 8, flakey, clock));
        yield return new("FlakeyDevice", "null", "null configuration", typeof(ArgumentNullException), "configuration", () => new FlakeyDevice("f", lower, 0, 8, null!, clock));
        yield return new("FlakeyDevice", "out of range", "up + down interval 0", typeof(ArgumentException), "configuration", () => new FlakeyDevice("f", lower, 0, 8, new FlakeyConfiguration(), clock));
        yield return new("FlakeyDevice", "null", "null scheduler", typeof(ArgumentNullException), "scheduler", () => new FlakeyDevice("f", lower, 0, 8, flakey, null!));
        yield return new("FlakeyDevice", "null", "random corruption without a choice source", typeof(ArgumentNullException), "choices", () => new FlakeyDevice("f", lower, 0, 8, flakey with { RandomWriteCorrupt = 5 }, clock));
        yield return new("DelayDevice", "null", "blank name", typeof(ArgumentException), "name", () => new DelayDevice(" ", 8, route, null, null, clock));
        yield return new("DelayDevice", "null", "null read route", typeof(ArgumentNullException), "read", () => new DelayDevice("d", 8, null!, null, null, clock));
        yield return new("DelayDevice", "null", "a route with no device", typeof(ArgumentNullException), "read", () => new DelayDevice("d", 8, new DelayRoute(null!, 0, 1), null, null, clock));
        yield return new("DelayDevice", "negative", "length -8", typeof(ArgumentOutOfRangeException), "lengthSectors", () => new DelayDevice("d", -8, route, null, null, clock));
        yield return new("DelayDevice", "negative", "read offset -1", typeof(ArgumentOutOfRangeException), "read", () => new DelayDevice("d", 8, route with { OffsetSectors = -1 }, null, null, clock));
        yield return new("DelayDevice", "out of range", "write route past its device's end", typeof(ArgumentOutOfRangeException), "write", () => new DelayDevice("d", 8, route, route with { OffsetSectors = 250 }, null, clock));
        yield return new("DelayDevice", "overflow", "flush offset + length past long.MaxValue", typeof(ArgumentOutOfRangeException), "flush", () => new DelayDevice("d", 8, route, route, route with { OffsetSectors = long.MaxValue - 2 }, clock));
        yield return new("DelayDevice", "dangling", "a flush route without a write route", typeof(ArgumentException), "flush", () => new DelayDevice("d", 8, route, null, route, clock));
        yield return new("DelayDevice", "null", "null scheduler", typeof(ArgumentNullException), "scheduler", () => new DelayDevice("d", 8, route, null, null, null!));
        yield return new("DustDevice", "null", "null name", typeof(ArgumentNullException), "name", () => new DustDevice(null!, lower, 0, 8, 512));
        yield return new("DustDevice", "null", "null lower device", typeof(ArgumentNullException), "lower", () => new DustDevice("u", null!, 0, 8, 512));
        yield return new("DustDevice", "negative", "offset -8", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new DustDevice("u", lower, -8, 8, 512));
        yield return new("DustDevice", "out of range", "window past the lower device's end", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new DustDevice("u", lower, 8, LowerSectors, 512));
        yield return new("DustDevice", "misaligned", "block size 1000", typeof(ArgumentOutOfRangeException), "blockSizeBytes", () => new DustDevice("u", lower, 0, 8, 1000));
        yield return new("DustDevice", "out of range", "block size 256", typeof(ArgumentOutOfRangeException), "blockSizeBytes", () => new DustDevice("u", lower, 0, 8, 256));
        yield return new("DustDevice", "out of range", "block size past the length", typeof(ArgumentOutOfRangeException), "blockSizeBytes", () => new DustDevice("u", lower, 0, 8, 8192));
        yield return new("ErrorDevice", "null", "blank name", typeof(ArgumentException), "name", () => new ErrorDevice("", 8));
        yield return new("ErrorDevice", "out of range", "capacity 0", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new ErrorDevice("e", 0));
        yield return new("ErrorDevice", "negative", "capacity long.MinValue", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new ErrorDevice("e", long.MinValue));
        yield return new("ErrorDevice", "overflow", "capacity long.MaxValue sectors (past 2^63 bytes)", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new ErrorDevice("e", long.MaxValue));
        yield return new("ErrorDevice", "out of range", "logical block 1000", typeof(ArgumentException), "limits", () => new ErrorDevice("e", 8, QueueLimits.Default with { LogicalBlockSize = 1000 }));
        yield return new("LatencyDevice", "null", "null name", typeof(ArgumentNullException), "name", () => new LatencyDevice(null!, lower, clock, choices, new LatencyProfile()));
        yield return new("LatencyDevice", "null", "null lower device", typeof(ArgumentNullException), "lower", () => new LatencyDevice("l", null!, clock, choices, new LatencyProfile()));
        yield return new("LatencyDevice", "null", "null scheduler", typeof(ArgumentNullException), "scheduler", () => new LatencyDevice("l", lower, null!, choices, new LatencyProfile()));
        yield return new("LatencyDevice", "null", "null choice source", typeof(ArgumentNullException), "choices", () => new LatencyDevice("l", lower, clock, null!, new LatencyProfile()));
        yield return new("LatencyDevice", "null", "null profile", typeof(ArgumentNullException), "profile", () => new LatencyDevice("l", lower, clock, choices, null!));
        yield return new("LatencyDevice", "negative", "fixed latency -1 ns", typeof(ArgumentOutOfRangeException), "nanoseconds", () => new LatencyDevice("l", lower, clock, choices, LatencyProfile.All(new FixedLatency(-1))));
        yield return new("RuleFaultDevice", "null", "blank name", typeof(ArgumentException), "name", () => new RuleFaultDevice("\t", lower, clock, choices, record));
        yield return new("RuleFaultDevice", "null", "null lower device", typeof(ArgumentNullException), "lower", () => new RuleFaultDevice("r", null!, clock, choices, record));
        yield return new("RuleFaultDevice", "null", "null scheduler", typeof(ArgumentNullException), "scheduler", () => new RuleFaultDevice("r", lower, null!, choices, record));
        yield return new("RuleFaultDevice", "null", "null choice source", typeof(ArgumentNullException), "choices", () => new RuleFaultDevice("r", lower, clock, null!, record));
        yield return new("RuleFaultDevice", "null", "null record", typeof(ArgumentNullException), "record", () => new RuleFaultDevice("r", lower, clock, choices, null!));
        yield return new("VolatileWriteCacheDevice", "null", "null name", typeof(ArgumentNullException), "name", () => new VolatileWriteCacheDevice(null!, lower, clock, choices, record));
        yield return new("VolatileWriteCacheDevice", "null", "null media", typeof(ArgumentNullException), "media", () => new VolatileWriteCacheDevice("w", null!, clock, choices, record));
        yield return new("VolatileWriteCacheDevice", "null", "null scheduler", typeof(ArgumentNullException), "scheduler", () => new VolatileWriteCacheDevice("w", lower, null!, choices, record));
        yield return new("VolatileWriteCacheDevice", "null", "null choice source", typeof(ArgumentNullException), "choices", () => new VolatileWriteCacheDevice("w", lower, clock, null!, record));
        yield return new("VolatileWriteCacheDevice", "null", "null record", typeof(ArgumentNullException), "record", () => new VolatileWriteCacheDevice("w", lower, clock, choices, null!));
        yield return new("VolatileWriteCacheDevice", "out of range", "crash policy with every weight 0", typeof(ArgumentException), "policy", () => new VolatileWriteCacheDevice("w", lower, clock, choices, record, new CrashPolicy(0, 0, 0)));
        yield return new("TracingDevice", "null", "blank name", typeof(ArgumentException), "name", () => new TracingDevice(" ", lower, new TraceRecorder(clock)));
        yield return new("TracingDevice", "null", "null lower device", typeof(ArgumentNullException), "lower", () => new TracingDevice("t", null!, new TraceRecorder(clock)));
        yield return new("TracingDevice", "null", "null recorder", typeof(ArgumentNullException), "trace", () => new TracingDevice("t", lower, null!));
    }

    [Fact]
    public void Constructors_WithBadArguments_ThrowNamingTheParameter() =>
        ConstructorCatalogue.Check(ConstructorCases(), output, "fault device constructors");

    /// <summary>The fault device kinds, each in the configurations whose submit paths differ.</summary>
    public static TheoryData<string> Kinds() =>
    [
        "flakey up", "flakey down error_writes", "flakey down drop_writes", "flakey down corrupt_bio_byte", "delay 0 ms", "delay 5 ms",
        "dust bypass", "dust enabled", "error", "latency", "rules empty", "rules drop", "rules misdirect", "volatile cache", "tracing",
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DirectSubmit_OutsideTheDevice_CompletesOnceWithIoErrorAndNeverReachesBeyondTheWindow(string kind)
    {
        var clock = new SimulatedScheduler();
        var media = new MemoryDevice("lower", LowerSectors);
        var spy = new LowerSpy(media);
        (IBlockDevice device, long offset) = Build(kind, spy, clock);
        ledger.AddCheck($"{kind}: the scheduler is idle", () => clock.PendingEvents == 0 ? null : $"{clock.PendingEvents} event(s) pending");
        long capacity = device.CapacitySectors;
        Assert.Equal("bio", Assert.Throws<ArgumentNullException>(() => device.Submit(null!)).ParamName);
        var failures = new List<string>();
        int tried = 1;
        foreach (BioOperation op in new[] { BioOperation.Write, BioOperation.Read })
        {
            foreach (long sector in OutsideSectors(offset, capacity))
            {
                using var counter = new CompletionCounter();
                var bio = new Bio();
                bio.Init(op, BioFlags.None, sector, counter, 2);
                bio.TryAddSegment(Enumerable.Repeat((byte)0xAB, 4096).ToArray());
                device.Submit(bio);
                clock.RunUntilIdle();
                if (counter.Count != 1 || counter.LastStatus != BlkStatus.IoError)
                {
                    failures.Add($"{kind}: a {op.ToString().ToLowerInvariant()} of 8 sectors at sector {sector} completed {counter.Count} time(s), last with {counter.LastStatus}");
                }

                tried++;
            }
        }

        // A flush or write-back afterwards must not carry anything out of range to the media either.
        Submit(device, BioOperation.Write, BioFlags.Preflush, 0, 0, clock);
        foreach ((BioOperation op, long sector, long count) in spy.Seen)
        {
            if (count > 0 && (sector < offset || sector + count > offset + capacity))
            {
                failures.Add($"{kind}: a {op} of {count} sectors reached the lower device at sector {sector}, outside the window {offset}..{offset + capacity - 1}");
            }
        }

        var bytes = new byte[LowerSectors * 512];
        media.ReadDirect(0, bytes);
        int changed = Array.FindIndex(bytes, b => b != 0);
        if (changed >= 0)
        {
            failures.Add($"{kind}: the lower device changed at byte {changed} (sector {changed / 512}): expected 0x00, actual 0x{bytes[changed]:X2}");
        }

        output.WriteLine($"{kind}: {tried} direct submissions outside the device");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    // Outside the device: before it (for a window, as far back as the lower device's sector 0), running past its end,
    // starting past it, and the overflow boundaries.
    private static IEnumerable<long> OutsideSectors(long offset, long capacity)
    {
        if (offset > 0)
        {
            yield return -offset - 8;
            yield return -offset;
        }

        foreach (long sector in new[] { -8, -1, capacity - 4, capacity, capacity + 8, long.MaxValue >> 9, long.MaxValue - 8, long.MinValue })
        {
            yield return sector;
        }
    }

    private static (IBlockDevice Device, long Offset) Build(string kind, IBlockDevice lower, SimulatedScheduler clock)
    {
        var choices = new RandomChoiceSource(7);
        var record = new FaultRecord();
        var down = new FlakeyConfiguration { UpIntervalSeconds = 0, DownIntervalSeconds = 60 };
        switch (kind)
        {
            case "flakey up":
                return (new FlakeyDevice(kind, lower, WindowOffset, WindowSectors, new FlakeyConfiguration { UpIntervalSeconds = 60, DownIntervalSeconds = 1 }, clock, choices, record), WindowOffset);
            case "flakey down error_writes":
                return (new FlakeyDevice(kind, lower, WindowOffset, WindowSectors, down with { ErrorWrites = true }, clock, choices, record), WindowOffset);
            case "flakey down drop_writes":
                return (new FlakeyDevice(kind, lower, WindowOffset, WindowSectors, down with { DropWrites = true }, clock, choices, record), WindowOffset);
            case "flakey down corrupt_bio_byte":
                return (new FlakeyDevice(kind, lower, WindowOffset, WindowSectors, down with { CorruptBioByte = new FlakeyCorruptBioByte(1, FlakeyDirection.Write, 0x55, 0) }, clock, choices, record), WindowOffset);
            case "delay 0 ms":
                return (new DelayDevice(kind, WindowSectors, new DelayRoute(lower, WindowOffset, 0), null, null, clock, record), WindowOffset);
            case "delay 5 ms":
                return (new DelayDevice(kind, WindowSectors, new DelayRoute(lower, WindowOffset, 5), null, null, clock, record), WindowOffset);
            case "dust bypass":
                return (new DustDevice(kind, lower, WindowOffset, WindowSectors, 4096, clock, record), WindowOffset);
            case "dust enabled":
                var dust = new DustDevice(kind, lower, WindowOffset, WindowSectors, 4096, clock, record);
                dust.Message("addbadblock", "1");
                dust.Message("enable");
                return (dust, WindowOffset);
            case "error":
                return (new ErrorDevice(kind, WindowSectors, null, new ErrorTargetRecorder(record, clock)), 0);
            case "latency":
                return (new LatencyDevice(kind, lower, clock, choices, LatencyProfile.All(new FixedLatency(1000))), 0);
            case "rules empty":
                return (new RuleFaultDevice(kind, lower, clock, choices, record), 0);
            case "rules drop":
                var drop = new RuleFaultDevice(kind, lower, clock, choices, record);
                drop.Message("add name=d action=drop");
                return (drop, 0);
            case "rules misdirect":
                var misdirect = new RuleFaultDevice(kind, lower, clock, choices, record);
                misdirect.Message("add name=m action=misdirect:+8");
                return (misdirect, 0);
            case "volatile cache":
                return (new VolatileWriteCacheDevice(kind, lower, clock, choices, record), 0);
            case "tracing":
                return (new TracingDevice(kind, lower, new TraceRecorder(clock)), 0);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown fault device kind");
        }
    }

    private static void Submit(IBlockDevice device, BioOperation op, BioFlags flags, long sector, int bytes, SimulatedScheduler clock)
    {
        using var counter = new CompletionCounter();
        var bio = new Bio();
        bio.Init(op, flags, sector, counter, 3);
        if (bytes > 0)
        {
            bio.TryAddSegment(new byte[bytes]);
        }

        BlockLayer.Submit(device, bio);
        clock.RunUntilIdle();
        Assert.Equal(1, counter.Count);
    }
}
