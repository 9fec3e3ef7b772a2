using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests;

/// <summary>
/// The one <c>error</c> target, as 6.12's dm-target.c builds it (io_err_ctr, io_err_map, io_err_iterate_devices,
/// io_err_io_hints) and as dm-table.c stacks it (no flush, no write-zeroes bios), and the empty flush that an error or
/// zero target, alone or in a table, lets succeed.
/// </summary>
public sealed class ErrorDeviceTests
{
    private static readonly QueueLimits Cached = QueueLimits.Default with { VolatileWriteCache = true, Fua = true };

    private readonly DeviceCatalog _catalog = new();
    private readonly MemoryDevice _disk = new("disk", 8192, QueueLimits.Default with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxSectors = 256 });
    private readonly MemoryDevice _cachedDisk = new("cached", 8192, Cached);

    public ErrorDeviceTests()
    {
        _catalog.Add(_disk);
        _catalog.Add(_cachedDisk);
    }

    [Theory]
    [InlineData(BioOperation.Read)]
    [InlineData(BioOperation.Write)]
    [InlineData(BioOperation.Discard)]
    public void Error_FailsReadsWritesAndDiscardsWithIoError(BioOperation operation)
    {
        var error = new ErrorDevice("err", 64);

        Assert.Equal(BlkStatus.IoError, Submit(error, operation, BioFlags.None, 8, 8));
    }

    [Fact]
    public void Error_RefusesWriteZeroesAsUnsupported_BecauseItSetsNoWriteZeroesBios()
    {
        var error = new ErrorDevice("err", 64);

        Assert.Equal(BlkStatus.NotSupported, Submit(error, BioOperation.WriteZeroes, BioFlags.None, 0, 8));
        Assert.Equal(0, error.BiosSubmitted);
    }

    [Fact]
    public void Error_WithoutADevice_ShowsWhatA612ErrorTableShows_WithTheDiscardHints()
    {
        QueueLimits limits = new ErrorDevice("err", 64).Limits;

        Assert.Equal(2560, limits.MaxSectors); // max_sectors_kb 1280, as a one-line error table shows on 6.12
        Assert.Equal((uint.MaxValue, 512L, 0L), (limits.MaxDiscardSectors, limits.DiscardGranularity, limits.MaxWriteZeroesSectors));
    }

    [Fact]
    public void Error_WithADeviceAndOffset_TakesThatDevicesLimitsAndSendsItNothing()
    {
        var error = (ErrorDevice)Segment("0 1024 error disk 2048");

        Assert.Equal((_disk, 2048L), (error.Backing, error.OffsetSectors));
        Assert.Equal((4096, 256L), (error.Limits.LogicalBlockSize, error.Limits.MaxSectors));
        Assert.Equal(4294967288L, error.Limits.MaxDiscardSectors); // UINT_MAX in whole 4 KiB blocks
        Assert.Equal(4096, error.Limits.DiscardGranularity);       // 512, raised to the physical block
        Assert.Equal(BlkStatus.IoError, Submit(error, BioOperation.Read, BioFlags.None, 0, 8));
        Assert.Equal(0, _disk.BiosSubmitted);
    }

    [Theory]
    [InlineData("0 64 error")]
    [InlineData("0 64 error disk")]
    [InlineData("0 64 error disk 0 extra")]
    [InlineData("0 64 error nosuchdisk x y")]
    public void Error_WithOtherThanTwoArguments_IgnoresThem(string line)
    {
        var error = (ErrorDevice)Segment(line);

        Assert.Null(error.Backing);
        Assert.Equal(512, error.Limits.LogicalBlockSize);
    }

    [Theory]
    [InlineData("0 64 error disk -8", "offset", "Invalid device sector")]
    [InlineData("0 64 error disk 8x", "offset", "Invalid device sector")]
    [InlineData("0 64 error nosuchdisk 0", "device", "Device lookup failed")]
    [InlineData("0 64 error disk 8190", "offset", "vol: disk too small for target: start=8190, len=64, dev_size=8192")]
    public void Error_WithABadDeviceOrOffset_IsRefusedWithTheKernelsText(string line, string field, string kernelMessage)
    {
        TableSyntaxException e = Assert.Throws<TableSyntaxException>(() => Parse(line));

        Assert.Equal((field, kernelMessage), (e.Field, e.KernelMessage));
    }

    [Fact]
    public void EmptyFlush_ToAnErrorTarget_Succeeds()
    {
        var error = new ErrorDevice("err", 64);

        Assert.Equal(BlkStatus.Ok, Submit(error, BioOperation.Write, BioFlags.Preflush, 0, 0));
    }

    [Fact]
    public void EmptyFlush_ToAnErrorTargetOverACachedDevice_Succeeds_BecauseTheTargetAdvertisesNoCache()
    {
        var error = (ErrorDevice)Segment("0 1024 error cached 0");

        Assert.Equal((false, false), (error.Limits.VolatileWriteCache, error.Limits.Fua));
        Assert.Equal(BlkStatus.Ok, Submit(error, BioOperation.Write, BioFlags.Preflush, 0, 0));
        Assert.Equal(0, _cachedDisk.BiosSubmitted);
    }

    [Fact]
    public void EmptyFlush_ThatReachesTheErrorTargetItself_Succeeds()
    {
        // Own limits with a cache let the flush past the block layer; device-mapper still would not map it.
        var error = new ErrorDevice("err", 64, Cached);
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.Preflush, 0, new BioEndIoAction(_ => { }));

        error.Submit(bio);

        Assert.Equal(BlkStatus.Ok, bio.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmptyFlush_ToAZeroTarget_Succeeds(bool ownLimitsWithACache)
    {
        var zero = new ZeroDevice("zero", 64, ownLimitsWithACache ? Cached : null);

        Assert.Equal(BlkStatus.Ok, Submit(zero, BioOperation.Write, BioFlags.Preflush, 0, 0));
    }

    [Fact]
    public void EmptyFlush_ToATableMixingErrorWithLinear_SucceedsAndFlushesOnlyTheLinearDevice()
    {
        TableDevice table = Parse("0 1024 linear cached 0\n1024 1024 error");
        var error = (ErrorDevice)table.Segments[1].Target;

        Assert.Equal(BlkStatus.Ok, Submit(table, BioOperation.Write, BioFlags.Preflush, 0, 0));
        Assert.Equal((1L, 0L), (_cachedDisk.BiosSubmitted, error.BiosSubmitted));
    }

    [Fact]
    public void PreflushWrite_ToATableMixingErrorWithLinear_FailsOnlyForTheDataOnTheErrorTarget()
    {
        TableDevice table = Parse("0 1024 linear cached 0\n1024 1024 error");

        Assert.Equal(BlkStatus.Ok, Submit(table, BioOperation.Write, BioFlags.Preflush, 0, 8));
        Assert.Equal(BlkStatus.IoError, Submit(table, BioOperation.Write, BioFlags.Preflush, 1024, 8));
    }

    private TableDevice Parse(string table) => new DeviceTableParser(_catalog).Parse("vol", table);

    private IBlockDevice Segment(string line) => Assert.Single(Parse(line).Segments).Target;

    private static BlkStatus Submit(IBlockDevice device, BioOperation operation, BioFlags flags, long sector, int sectors)
    {
        var bio = new Bio();
        bio.Init(operation, flags, sector, new BioEndIoAction(_ => { }));
        if (operation.IsDataless() || sectors == 0)
        {
            bio.SetDatalessSize((long)sectors << DmIoConstants.SectorShift);
        }
        else
        {
            Assert.True(bio.TryAddSegment(new byte[sectors << DmIoConstants.SectorShift]));
        }

        BlockLayer.Submit(device, bio);
        Assert.True(bio.IsCompleted);
        return bio.Status;
    }
}
