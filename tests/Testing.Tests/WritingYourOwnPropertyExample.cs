using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DmIo.Testing.Tests;

/// <summary>The example of docs/TESTING.md ("Writing your own properties"), compiled and run here so it stays true.</summary>
public sealed class WritingYourOwnPropertyExample
{
    // Any generated stack, fault devices included: a read of the whole device either succeeds or sets bit 0,
    // and the bytes read, written to a recorder, reach it as at least one bio.
    [Property(Arbitrary = new[] { typeof(DmIoArbitraries) }, MaxTest = 50)]
    public Property ReadingAWholeStack_SetsAtMostBitZero(StackNode stack, MemoryLayout layout)
    {
        var scheduler = new SimulatedScheduler(seed: 1);
        IBlockDevice device = stack.Build(StackContext.For(scheduler, seed: 1));
        long sectors = Math.Min(device.CapacitySectors, 256);
        var recorder = new RecordingDevice("top", sectors, storesData: false);
        LayoutBuffer buffer = layout.Allocate((int)(sectors * DmIoConstants.SectorSize));
        using var client = DmIoClient.Create(pages: 1, scheduler);

        ulong bits = 0;
        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Read, Memory = buffer.Memory, Client = client },
            [new IoRegion(device, 0, sectors)], ref bits);
        scheduler.RunUntilIdle();
        ulong recorderBits = 0;
        DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Write, Memory = buffer.Memory, Client = client },
            [new IoRegion(recorder, 0, sectors)], ref recorderBits);

        return (bits <= 1 && rc == (bits == 0 ? 0 : -Errno.EIO) && recorder.Bios.Count >= 1 && recorderBits == 0)
            .Label($"rc={rc} bits={bits} bios={recorder.Bios.Count}")
            .Classify(stack.HasFaults, "stack with fault devices");
    }
}
