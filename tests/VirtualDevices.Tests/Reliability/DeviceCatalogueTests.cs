using DmIo.Tests.Reliability;
using DmIo.VirtualDevices.Tables;
using DmIo.VirtualDevices.Tests.Harness;
using Xunit.Abstractions;

namespace DmIo.VirtualDevices.Tests.Reliability;

/// <summary>
/// The bad-input catalogue for the backends: constructors reject bad arguments naming them (and a file device leaves
/// no file behind), and a bio submitted straight to a device, around the block layer, outside the device completes
/// exactly once with an I/O error instead of throwing, hanging or writing outside the device's window.
/// </summary>
public sealed class DeviceCatalogueTests(ResourceLedger ledger, ITestOutputHelper output) : IClassFixture<ResourceLedger>
{
    private static readonly QueueLimits FourK = QueueLimits.Default with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096 };

    private static IEnumerable<ConstructorCase> ConstructorCases()
    {
        var lower = new MemoryDevice("lower", 64);
        yield return new("MemoryDevice", "null", "null name", typeof(ArgumentNullException), "name", () => new MemoryDevice(null!, 8));
        yield return new("MemoryDevice", "null", "blank name", typeof(ArgumentException), "name", () => new MemoryDevice("  ", 8));
        yield return new("MemoryDevice", "out of range", "capacity 0", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new MemoryDevice("m", 0));
        yield return new("MemoryDevice", "negative", "capacity -8", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new MemoryDevice("m", -8));
        yield return new("MemoryDevice", "overflow", "capacity past the largest array", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new MemoryDevice("m", long.MaxValue >> 9));
        yield return new("MemoryDevice", "misaligned", "9 sectors on 4096-byte blocks", typeof(ArgumentException), "capacitySectors", () => new MemoryDevice("m", 9, FourK));
        yield return new("MemoryDevice", "out of range", "logical block 1000", typeof(ArgumentException), "limits", () => new MemoryDevice("m", 8, QueueLimits.Default with { LogicalBlockSize = 1000 }));
        yield return new("MemoryDevice", "unknown names", "completion mode 9", typeof(ArgumentOutOfRangeException), "completion", () => new MemoryDevice("m", 8, null, (DeviceCompletionMode)9));
        yield return new("MemoryDevice", "null", "scheduled completion without a scheduler", typeof(ArgumentNullException), "scheduler", () => new MemoryDevice("m", 8, null, DeviceCompletionMode.Scheduled));
        yield return new("SparseMemoryDevice", "overflow", "capacity long.MaxValue sectors (past 2^63 bytes)", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new SparseMemoryDevice("s", long.MaxValue));
        yield return new("SparseMemoryDevice", "misaligned", "page size 1000", typeof(ArgumentOutOfRangeException), "pageSize", () => new SparseMemoryDevice("s", 8, pageSize: 1000));
        yield return new("SparseMemoryDevice", "out of range", "page size below the logical block", typeof(ArgumentOutOfRangeException), "pageSize", () => new SparseMemoryDevice("s", 8, FourK, pageSize: 512));
        yield return new("ZeroDevice", "negative", "capacity -1", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new ZeroDevice("z", -1));
        yield return new("ErrorDevice", "out of range", "capacity 0", typeof(ArgumentOutOfRangeException), "capacitySectors", () => new ErrorDevice("e", 0));
        yield return new("ErrorDevice", "null", "null backing device", typeof(ArgumentNullException), "backing", () => new ErrorDevice("e", 8, null!, 0));
        yield return new("ErrorDevice", "negative", "backing offset -1", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new ErrorDevice("e", 8, lower, -1));
        yield return new("ErrorDevice", "out of range", "area past the backing device's end", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new ErrorDevice("e", 8, lower, 60));
        yield return new("ErrorDevice", "overflow", "backing offset + length past long.MaxValue", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new ErrorDevice("e", 8, lower, long.MaxValue - 2));
        yield return new("LinearDevice", "null", "null lower device", typeof(ArgumentNullException), "lower", () => new LinearDevice("l", null!, 0, 8));
        yield return new("LinearDevice", "negative", "offset -1", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new LinearDevice("l", lower, -1, 8));
        yield return new("LinearDevice", "out of range", "window past the lower device's end", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new LinearDevice("l", lower, 60, 8));
        yield return new("LinearDevice", "overflow", "offset + length past long.MaxValue", typeof(ArgumentOutOfRangeException), "offsetSectors", () => new LinearDevice("l", lower, long.MaxValue - 2, 8));
        yield return new("StripedDevice", "null", "null leg list", typeof(ArgumentNullException), "legs", () => new StripedDevice("s", null!, 8, 16));
        yield return new("StripedDevice", "null", "a leg with no device", typeof(ArgumentException), "legs", () => new StripedDevice("s", [new StripeLeg(lower, 0), new StripeLeg(null!, 0)], 8, 16));
        yield return new("StripedDevice", "out of range", "chunk 0", typeof(ArgumentOutOfRangeException), "chunkSectors", () => new StripedDevice("s", [new StripeLeg(lower, 0)], 0, 16));
        yield return new("StripedDevice", "misaligned", "length not a whole number of stripes", typeof(ArgumentException), "lengthSectors", () => new StripedDevice("s", [new StripeLeg(lower, 0), new StripeLeg(lower, 32)], 8, 25));
        yield return new("StripedDevice", "out of range", "leg running past its device", typeof(ArgumentOutOfRangeException), "legs", () => new StripedDevice("s", [new StripeLeg(lower, 0), new StripeLeg(lower, 60)], 8, 32));
        yield return new("TableDevice", "null", "null segment list", typeof(ArgumentNullException), "segments", () => new TableDevice("t", null!));
    }

    [Fact]
    public void Constructors_WithBadArguments_ThrowNamingTheParameter() =>
        ConstructorCatalogue.Check(ConstructorCases(), output, "device constructors");

    [Theory]
    [MemberData(nameof(DeviceFactory.AllKinds), MemberType = typeof(DeviceFactory))]
    public void DirectSubmit_OutsideTheDevice_CompletesOnceWithIoError(DeviceKind kind)
    {
        using DeviceUnderTest dut = DeviceFactory.Create(kind);
        long capacity = dut.Device.CapacitySectors;
        Assert.Equal("bio", Assert.Throws<ArgumentNullException>(() => dut.Device.Submit(null!)).ParamName);
        int tried = 1;
        foreach (long sector in new[] { -8, -1, capacity - 4, capacity, capacity + 8, long.MaxValue >> 9, long.MaxValue - 8, long.MinValue })
        {
            using var counter = new CompletionCounter();
            var bio = new Bio();
            bio.Init(BioOperation.Write, BioFlags.None, sector, counter, 2);
            bio.TryAddSegment(Enumerable.Repeat((byte)0xAB, 4096).ToArray());
            dut.Device.Submit(bio);
            dut.WaitFor(() => counter.Count > 0, counter.Signal);
            Assert.True(counter.Count == 1 && counter.LastStatus == (kind == DeviceKind.Zero ? BlkStatus.Ok : BlkStatus.IoError),
                $"{kind}: a write at sector {sector} completed {counter.Count} time(s) with {counter.LastStatus}");
            tried++;
        }

        output.WriteLine($"{kind}: {tried} direct submissions outside the device");
    }

    [Fact]
    public void Linear_DirectBioBeforeItsWindow_LeavesTheLowerDeviceUntouched()
    {
        var lower = new MemoryDevice("lower", 256);
        var linear = new LinearDevice("lin", lower, 64, 128);
        using var counter = new CompletionCounter();
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, -8, counter, 1);
        bio.TryAddSegment(Enumerable.Repeat((byte)0xAB, 4096).ToArray());

        linear.Submit(bio);

        Assert.Equal((1, BlkStatus.IoError), (counter.Count, counter.LastStatus));
        var before = new byte[64 * 512];
        lower.ReadDirect(0, before);
        Assert.True(before.All(b => b == 0), $"lower device changed at byte {Array.FindIndex(before, b => b != 0)} (before the linear window)");
    }

    [Fact]
    public void SparseFileCreate_WithBadArguments_LeavesNoFileAndNeverTouchesAnExistingOne()
    {
        using var dir = new TempDirectory();
        string fresh = Path.Combine(dir.Path, "fresh.img");
        string existing = Path.Combine(dir.Path, "existing.img");
        File.WriteAllBytes(existing, Enumerable.Repeat((byte)7, 4096).ToArray());
        string odd = Path.Combine(dir.Path, "odd.img");
        File.WriteAllBytes(odd, new byte[1000]);
        var cases = new (string Input, Type Exception, Func<SparseFileDevice> Act)[]
        {
            ("capacity 0", typeof(ArgumentOutOfRangeException), () => SparseFileDevice.Create("f", fresh, 0)),
            ("capacity past 2^63 bytes", typeof(ArgumentOutOfRangeException), () => SparseFileDevice.Create("f", fresh, long.MaxValue)),
            ("capacity not whole 4096-byte blocks", typeof(ArgumentException), () => SparseFileDevice.Create("f", fresh, 9, FourK)),
            ("bad limits", typeof(ArgumentException), () => SparseFileDevice.Create("f", fresh, 8, QueueLimits.Default with { MaxSegments = 0 })),
            ("blank path", typeof(ArgumentException), () => SparseFileDevice.Create("f", " ", 8)),
            ("path of an existing file", typeof(IOException), () => SparseFileDevice.Create("f", existing, 8)),
            ("a directory that does not exist", typeof(DirectoryNotFoundException), () => SparseFileDevice.Create("f", Path.Combine(dir.Path, "no", "such.img"), 8)),
            ("open a missing file", typeof(FileNotFoundException), () => SparseFileDevice.Open("f", fresh)),
            ("open a file of 1000 bytes (not whole sectors)", typeof(ArgumentException), () => SparseFileDevice.Open("f", odd)),
        };
        foreach (var (input, exception, act) in cases)
        {
            Exception? thrown = Record.Exception(() => ledger.Track(act()).Dispose());
            Assert.True(thrown?.GetType() == exception, $"{input}: expected {exception.Name}, got {thrown?.GetType().Name ?? "a device"}: {thrown?.Message}");
        }

        Assert.False(File.Exists(fresh), "a failed Create left a file behind");
        Assert.Equal(Enumerable.Repeat((byte)7, 4096), File.ReadAllBytes(existing));
        File.Delete(odd); // the failed Open closed its handle, or this would still succeed on Linux but the ledger would not know
        output.WriteLine($"SparseFileDevice.Create/Open: {cases.Length} inputs");
    }

    [Fact]
    public void SparseFileDevice_TrackedAndDisposed_LeavesTheLedgerClean()
    {
        using var dir = new TempDirectory();
        SparseFileDevice file = ledger.Track(SparseFileDevice.Create("f", Path.Combine(dir.Path, "f.img"), 64));
        Assert.Contains(ledger.FindProblems(), p => p.Contains("file handle still open", StringComparison.Ordinal));
        file.Dispose();
        Assert.Empty(ledger.FindProblems());
    }
}
