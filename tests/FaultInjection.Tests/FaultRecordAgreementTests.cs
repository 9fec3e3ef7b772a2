using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// The fault record is an independent witness: the error bits dm-io reports for a request through every fault
/// target must name exactly the regions whose devices recorded a failed bio.
/// </summary>
public sealed class FaultRecordAgreementTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void FaultRecord_FailedBios_MatchTheErrorBitsOfAMirroredWriteThroughEveryTarget()
    {
        var scheduler = new SimulatedScheduler(seed: 3);
        var record = new FaultRecord();
        var choices = new RandomChoiceSource(11);
        var backing = new MemoryDevice("backing", 8192);
        IBlockDevice[] legs =
        [
            ErrorDevice.FromTable(TableLine.Parse("0 1024 error", scheduler), "dm0", new ErrorTargetRecorder(record, scheduler)),
            FlakeyDevice.FromTable(TableLine.ParseNamed("flakey_err", "0 1024 flakey backing 0 0 1 1 error_writes", scheduler, backing), record, choices),
            FlakeyDevice.FromTable(TableLine.ParseNamed("flakey_drop", "0 1024 flakey backing 1024 0 1 1 drop_writes", scheduler, backing), record, choices),
            DustWithFailingBlock(scheduler, backing, record),
            DelayDevice.FromTable(TableLine.ParseNamed("delay", "0 1024 delay backing 4096 25", scheduler, backing), record),
            new MemoryDevice("plain", 1024),
        ];
        using DmIoClient client = DmIoClient.Create(1, scheduler);
        byte[] payload = Bytes.Pattern(16, seed: 2);
        var request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Memory = DmIoMemory.FromVm(new VmBuffer(payload)),
            Client = client,
        };
        IoRegion[] regions = [.. legs.Select(leg => new IoRegion(leg, 64, 16))];
        ulong errorBits = 0;

        int rc = DmIoEngine.Execute(request, regions, ref errorBits);

        Assert.Equal(-Errno.EIO, rc);
        ulong recordedBits = 0;
        foreach (FaultDecision decision in record.Snapshot().Where(d => d.FailedBio))
        {
            int region = Array.FindIndex(legs, leg => leg.Name == decision.Device);
            Assert.True(region >= 0, $"failed bio recorded for unknown device {decision.Device}");
            recordedBits |= 1UL << region;
        }

        Assert.Equal(0b001011UL, errorBits); // error, flakey error_writes, dust write-fail
        Assert.Equal(errorBits, recordedBits);
        Assert.Contains(record.Snapshot(), d => d.Device == "flakey_drop" && d.Action == "drop" && !d.FailedBio);
        Assert.Contains(record.Snapshot(), d => d.Device == "delay" && d.Action == "delay");
        Assert.Equal(25_000_000, scheduler.NowNanoseconds);
    }

    [Fact]
    public void FaultRecord_FailedDustRead_ZeroFillsOnlyTheLastDmPiece_AndIsRecorded()
    {
        var scheduler = new SimulatedScheduler();
        var record = new FaultRecord();
        var backing = new MemoryDevice("backing", 1024);
        byte[] stored = Bytes.Pattern(16, seed: 4);
        backing.WriteDirect(0, stored);
        var dust = (DustDevice)DustDevice.FromTable(TableLine.Parse("0 1024 dust backing 0 4096", scheduler, backing), record);
        dust.Message("addbadblock", "1");
        dust.Message("enable");
        using DmIoClient client = DmIoClient.Create(1, scheduler);
        byte[] buffer = new byte[16 * DmIoConstants.SectorSize];
        Array.Fill(buffer, (byte)0xEE);
        var request = new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(buffer)), Client = client };
        ulong errorBits = 0;

        int rc = DmIoEngine.Execute(request, [new IoRegion(dust, 0, 16)], ref errorBits);

        Assert.Equal((-Errno.EIO, 1UL), (rc, errorBits));
        // dm splits the read at dust's 8-sector blocks and advances the original past block 0 (read fine), so
        // zero_fill_bio reaches only the last piece: block 1, the one that failed.
        Bytes.Equal(stored.AsSpan(0, 4096).ToArray(), buffer.AsSpan(0, 4096).ToArray(), "block 0 of the failed read (an earlier dm piece: keeps its data)");
        Bytes.Equal(new byte[4096], buffer.AsSpan(4096).ToArray(), "block 1 of the failed read (the last dm piece: zero-filled)");
        FaultDecision decision = Assert.Single(record.Snapshot());
        Assert.Equal((8L, 8L, BlkStatus.IoError), (decision.Sector, decision.Count, decision.Status));
    }

    private static DustDevice DustWithFailingBlock(SimulatedScheduler scheduler, MemoryDevice backing, FaultRecord record)
    {
        var dust = (DustDevice)DustDevice.FromTable(TableLine.ParseNamed("dust", "0 1024 dust backing 2048 512", scheduler, backing), record);
        dust.Message("addbadblock", (2048 + 70).ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        dust.Message("enable");
        return dust;
    }
}
