using DmIo.FaultInjection.Tests.Support;

namespace DmIo.FaultInjection.Tests;

/// <summary>The kernel's <c>error</c> target (drivers/md/dm-target.c, io_err_map): every bio fails with EIO.</summary>
public sealed class ErrorDeviceTests
{
    [Theory]
    [InlineData(BioOperation.Read)]
    [InlineData(BioOperation.Write)]
    [InlineData(BioOperation.Discard)]
    public void Error_FromTable_FailsEveryOperationWithIoErrorAndRecordsIt(BioOperation operation)
    {
        var scheduler = new SimulatedScheduler();
        scheduler.AdvanceBy(1234);
        var record = new FaultRecord();
        IBlockDevice device = ErrorDevice.FromTable(TableLine.Parse("0 64 error", scheduler), record);

        TestBio bio = operation.IsDataless()
            ? TestBio.Dataless(operation, 8, 8, id: 42).SubmitTo(device)
            : operation == BioOperation.Read ? TestBio.Read(8, 8, id: 42).SubmitTo(device) : TestBio.Write(8, Bytes.Pattern(8), id: 42).SubmitTo(device);

        Assert.Equal(1, bio.Completions);
        Assert.Equal(BlkStatus.IoError, bio.Status);
        FaultDecision decision = Assert.Single(record.Snapshot());
        Assert.Equal(new FaultDecision(0, 1234, "dm0", 42, operation, 8, 8, "error", "fail", BlkStatus.IoError), decision);
    }

    [Fact]
    public void Error_FromTable_RefusesWriteZeroesAsNotSupported_BeforeTheTargetSeesIt()
    {
        // The error target sets no num_write_zeroes_bios, so on 6.12 the table shows write_zeroes_max_bytes 0 and the
        // block layer answers EOPNOTSUPP itself; nothing reaches io_err_map to be recorded.
        var record = new FaultRecord();
        IBlockDevice device = ErrorDevice.FromTable(TableLine.Parse("0 64 error", new SimulatedScheduler()), record);

        TestBio bio = TestBio.Dataless(BioOperation.WriteZeroes, 8, 8, id: 42).SubmitTo(device);

        Assert.Equal((1, BlkStatus.NotSupported), (bio.Completions, bio.Status));
        Assert.Empty(record.Snapshot());
    }

    [Fact]
    public void Error_FromTable_TakesTheLineLengthAndIgnoresArguments()
    {
        // io_err_ctr accepts and ignores any arguments.
        IBlockDevice device = ErrorDevice.FromTable(TableLine.Parse("0 100 error whatever 12", new SimulatedScheduler()), null);

        Assert.Equal(100, device.CapacitySectors);
        Assert.Equal("dm0", device.Name);
        Assert.Equal(BlkStatus.IoError, TestBio.Read(99, 1).SubmitTo(device).Status);
    }

    [Fact]
    public void Error_WithoutRecord_StillFailsAndCounts()
    {
        var device = new ErrorDevice("err0", 16);

        TestBio.Read(0, 8).SubmitTo(device);
        TestBio.Write(8, Bytes.Pattern(8)).SubmitTo(device);

        Assert.Equal(2, device.BiosFailed);
    }
}
