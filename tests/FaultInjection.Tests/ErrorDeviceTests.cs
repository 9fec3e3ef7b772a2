using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// The kernel's <c>error</c> target as the fault targets register it: the one <see cref="ErrorDevice"/>, with every
/// failure recorded in the run's <see cref="FaultRecord"/> (rule <c>error</c>, action <c>fail</c>).
/// </summary>
public sealed class ErrorDeviceTests
{
    [Theory]
    [InlineData(BioOperation.Read)]
    [InlineData(BioOperation.Write)]
    [InlineData(BioOperation.Discard)]
    public void Error_FromTheFaultRegistry_FailsEachBioWithIoErrorAndRecordsIt(BioOperation operation)
    {
        var scheduler = new SimulatedScheduler();
        scheduler.AdvanceBy(1234);
        var record = new FaultRecord();
        IBlockDevice device = Build("0 64 error", scheduler, record);

        TestBio bio = operation.IsDataless()
            ? TestBio.Dataless(operation, 8, 8, id: 42).SubmitTo(device)
            : operation == BioOperation.Read ? TestBio.Read(8, 8, id: 42).SubmitTo(device) : TestBio.Write(8, Bytes.Pattern(8), id: 42).SubmitTo(device);

        Assert.Equal(1, bio.Completions);
        Assert.Equal(BlkStatus.IoError, bio.Status);
        FaultDecision decision = Assert.Single(record.Snapshot());
        Assert.Equal(new FaultDecision(0, 1234, "dm0", 42, operation, 8, 8, "error", "fail", BlkStatus.IoError), decision);
    }

    [Fact]
    public void Error_FromTheFaultRegistry_RefusesWriteZeroesAsNotSupported_BeforeTheTargetSeesIt()
    {
        // The error target sets no num_write_zeroes_bios, so on 6.12 the table shows write_zeroes_max_bytes 0 and the
        // block layer answers EOPNOTSUPP itself; nothing reaches io_err_map to be recorded.
        var record = new FaultRecord();
        IBlockDevice device = Build("0 64 error", new SimulatedScheduler(), record);

        TestBio bio = TestBio.Dataless(BioOperation.WriteZeroes, 8, 8, id: 42).SubmitTo(device);

        Assert.Equal((1, BlkStatus.NotSupported), (bio.Completions, bio.Status));
        Assert.Empty(record.Snapshot());
    }

    [Fact]
    public void Error_FromTheFaultRegistry_RecordsNothingForAnEmptyFlush()
    {
        var record = new FaultRecord();
        IBlockDevice device = Build("0 64 error", new SimulatedScheduler(), record);

        TestBio flush = TestBio.Flush().SubmitTo(device);

        Assert.Equal((1, BlkStatus.Ok), (flush.Completions, flush.Status));
        Assert.Empty(record.Snapshot());
    }

    [Fact]
    public void Error_FromTheFaultRegistry_IsNamedAfterTheTableAndTakesTheLineLength()
    {
        IBlockDevice device = Build("0 100 error whatever 12 more", new SimulatedScheduler(), new FaultRecord());

        Assert.Equal(("dm0", 100L), (device.Name, device.CapacitySectors));
        Assert.IsType<ErrorDevice>(device);
    }

    private static IBlockDevice Build(string line, IIoScheduler scheduler, FaultRecord record)
    {
        TargetRegistry registry = FaultTargets.CreateRegistry(record, new RandomChoiceSource(1));
        Assert.True(registry.TryGet("error", out Func<TargetArguments, IBlockDevice>? factory));
        return factory(TableLine.Parse(line, scheduler));
    }
}
