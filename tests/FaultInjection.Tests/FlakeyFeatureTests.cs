using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// dm-flakey.rst, "Optional feature parameters": error_reads, drop_writes, error_writes, corrupt_bio_byte,
/// random_read_corrupt and random_write_corrupt, each checked during the down interval. Every device here is
/// "flakey mem0 0 0 1": always down.
/// </summary>
public sealed class FlakeyFeatureTests
{
    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _lower = new("mem0", 64);
    private readonly FaultRecord _record = new();
    private readonly byte[] _original = Bytes.Pattern(8, seed: 5);

    public FlakeyFeatureTests() => _lower.WriteDirect(0, _original);

    [Fact]
    public void Flakey_ErrorReads_FailsReadsAndLetsWritesThrough()
    {
        // "error_reads: All read I/O is failed with an error signalled. Write I/O is handled correctly."
        IBlockDevice flakey = Flakey("1 error_reads");
        byte[] data = Bytes.Pattern(8, seed: 9);

        TestBio read = TestBio.Read(0, 8, id: 7).SubmitTo(flakey);
        TestBio write = TestBio.Write(8, data).SubmitTo(flakey);

        Assert.Equal(BlkStatus.IoError, read.Status);
        Assert.Equal(BlkStatus.Ok, write.Status);
        Bytes.Equal(data, Bytes.Direct(_lower, 8, 8), "written through error_reads");
        FaultDecision decision = Assert.Single(_record.Snapshot());
        Assert.Equal((7L, "error_reads", "fail", BlkStatus.IoError), (decision.BioId, decision.Rule, decision.Action, decision.Status));
    }

    [Fact]
    public void Flakey_DropWrites_CompletesWritesWithoutWritingAndPassesReads()
    {
        // "drop_writes: All write I/O is silently ignored. Read I/O is handled correctly."
        IBlockDevice flakey = Flakey("1 drop_writes");

        TestBio write = TestBio.Write(0, Bytes.Pattern(8, seed: 9), id: 3).SubmitTo(flakey);
        TestBio discard = TestBio.Dataless(BioOperation.Discard, 0, 8, id: 4).SubmitTo(flakey);
        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Assert.Equal(BlkStatus.Ok, discard.Status);
        Assert.Equal(BlkStatus.Ok, read.Status);
        Bytes.Equal(_original, Bytes.Direct(_lower, 0, 8), "device after dropped write and discard");
        Bytes.Equal(_original, read.Buffer, "read during drop_writes");
        Assert.Equal([(3L, "drop"), (4L, "drop")], _record.Snapshot().Select(d => (d.BioId, d.Action)));
        Assert.All(_record.Snapshot(), d => Assert.Equal(("drop_writes", BlkStatus.Ok), (d.Rule, d.Status)));
    }

    [Fact]
    public void Flakey_ErrorWrites_FailsWritesAndPassesReads()
    {
        // "error_writes: All write I/O is failed with an error signalled. Read I/O is handled correctly."
        IBlockDevice flakey = Flakey("1 error_writes");

        TestBio write = TestBio.Write(0, Bytes.Pattern(8, seed: 9), id: 3).SubmitTo(flakey);
        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Assert.Equal(BlkStatus.IoError, write.Status);
        Assert.Equal(BlkStatus.Ok, read.Status);
        Bytes.Equal(_original, Bytes.Direct(_lower, 0, 8), "device after failed write");
        FaultDecision decision = Assert.Single(_record.Snapshot());
        Assert.Equal((3L, "error_writes", BlkStatus.IoError), (decision.BioId, decision.Rule, decision.Status));
    }

    [Fact]
    public void Flakey_CorruptBioByteRead_ReplacesTheNthByteOfTheCompletedReadOnly()
    {
        // Doc example: "Replaces the 32nd byte of READ bios with the value 1: corrupt_bio_byte 32 r 1 0".
        IBlockDevice flakey = Flakey("5 corrupt_bio_byte 32 r 1 0");

        TestBio read = TestBio.Read(0, 8, id: 9).SubmitTo(flakey);

        Assert.Equal(BlkStatus.Ok, read.Status);
        Assert.Equal([31], Bytes.Differences(_original, read.Buffer));
        Assert.Equal(1, read.Buffer[31]);
        Bytes.Equal(_original, Bytes.Direct(_lower, 0, 8), "device under a read corruption");
        FaultDecision decision = Assert.Single(_record.Snapshot());
        Assert.Equal((9L, 0L, 1L, "corrupt_bio_byte", "corrupt", BlkStatus.Ok),
            (decision.BioId, decision.Sector, decision.Count, decision.Rule, decision.Action, decision.Status));
    }

    [Fact]
    public void Flakey_CorruptBioByteRead_ReachesBytesInLaterSegments()
    {
        // Byte 5000 lies in the second 4 KiB segment ("on whichever page it falls").
        IBlockDevice flakey = Flakey("5 corrupt_bio_byte 5000 r 170 0");

        TestBio read = TestBio.Read(0, 16).SubmitTo(flakey);

        Assert.Equal(170, read.Buffer[4999]);
        Assert.Equal(9, _record.Snapshot()[0].Sector); // byte 4999 is in sector 9
    }

    [Fact]
    public void Flakey_CorruptBioByteWrite_CorruptsWhatLandsButNotTheCallersBuffer()
    {
        IBlockDevice flakey = Flakey("5 corrupt_bio_byte 224 w 0 0");
        byte[] data = Bytes.Pattern(8, seed: 9);

        TestBio write = TestBio.Write(0, data).SubmitTo(flakey);

        Assert.Equal(BlkStatus.Ok, write.Status);
        byte[] landed = Bytes.Direct(_lower, 0, 8);
        Assert.Equal([223], Bytes.Differences(data, landed));
        Assert.Equal(0, landed[223]);
        Bytes.Equal(data, write.Buffer, "caller's write buffer");
    }

    [Fact]
    public void Flakey_CorruptBioByteFlags_OnlyCorruptsBiosWithAllFlagBits()
    {
        // Doc example: "corrupt_bio_byte 224 w 0 32" selects REQ_META bios by flag value; REQ_META is bit 12
        // (4096) in today's bi_opf layout (the document's 32 is from an older kernel).
        IBlockDevice flakey = Flakey($"5 corrupt_bio_byte 224 w 0 {KernelOpf.ReqMeta}");
        byte[] data = Bytes.Pattern(8, seed: 9);

        TestBio.Write(0, data, flags: BioFlags.None).SubmitTo(flakey);
        TestBio.Write(8, data, flags: BioFlags.Meta).SubmitTo(flakey);

        Bytes.Equal(data, Bytes.Direct(_lower, 0, 8), "plain write");
        Assert.Equal([223], Bytes.Differences(data, Bytes.Direct(_lower, 8, 8)));
    }

    [Fact]
    public void Flakey_CorruptBioByteBeyondTheBio_LeavesDataAlone()
    {
        IBlockDevice flakey = Flakey("5 corrupt_bio_byte 5000 r 1 0");

        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Bytes.Equal(_original, read.Buffer, "4 KiB read with byte 5000 targeted");
        Assert.Equal(0, _record.Count);
    }

    [Fact]
    public void Flakey_CorruptBioByteRead_DoesNotTouchWritesAndWritesDoNotFail()
    {
        IBlockDevice flakey = Flakey("5 corrupt_bio_byte 1 r 1 0");
        byte[] data = Bytes.Pattern(8, seed: 9);

        Assert.Equal(BlkStatus.Ok, TestBio.Write(0, data).SubmitTo(flakey).Status);

        Bytes.Equal(data, Bytes.Direct(_lower, 0, 8), "write under read corruption");
    }

    [Fact]
    public void Flakey_RandomReadCorrupt_DrawsOutOfOneBillionThenAByteAndAValue()
    {
        // "random_read_corrupt <probability>: ... replace random byte in a read bio with a random value.
        // probability is an integer between 0 and 1000000000".
        var choices = new ScriptedChoices()
            .Answer("random_read_corrupt", 299_999_999)
            .Answer("random_read_corrupt:byte", 700)
            .Answer("random_read_corrupt:value", 0xAB);
        IBlockDevice flakey = Flakey("2 random_read_corrupt 300000000", choices);

        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Assert.Equal([700], Bytes.Differences(_original, read.Buffer));
        Assert.Equal(0xAB, read.Buffer[700]);
        Assert.Equal([("dm0:random_read_corrupt", 1_000_000_000UL), ("dm0:random_read_corrupt:byte", 4096UL), ("dm0:random_read_corrupt:value", 256UL)],
            choices.Asked);
        Assert.Equal(("random_read_corrupt", "corrupt", 1L), (_record.Snapshot()[0].Rule, _record.Snapshot()[0].Action, _record.Snapshot()[0].Sector));
    }

    [Fact]
    public void Flakey_RandomReadCorrupt_DrawAtOrAboveProbability_LeavesTheReadAlone()
    {
        var choices = new ScriptedChoices().Answer("random_read_corrupt", 300_000_000);
        IBlockDevice flakey = Flakey("2 random_read_corrupt 300000000", choices);

        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Bytes.Equal(_original, read.Buffer, "read with a losing draw");
        Assert.Single(choices.Asked);
        Assert.Equal(0, _record.Count);
    }

    [Fact]
    public void Flakey_RandomWriteCorrupt_CorruptsTheLandedCopy()
    {
        var choices = new ScriptedChoices()
            .Answer("random_write_corrupt", 0)
            .Answer("random_write_corrupt:byte", 4095)
            .Answer("random_write_corrupt:value", 0x00);
        IBlockDevice flakey = Flakey("2 random_write_corrupt 1", choices);
        byte[] data = Bytes.Pattern(8, seed: 9);

        TestBio write = TestBio.Write(0, data).SubmitTo(flakey);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Assert.Equal([4095], Bytes.Differences(data, Bytes.Direct(_lower, 0, 8)));
        Bytes.Equal(data, write.Buffer, "caller's write buffer");
        Assert.Equal(("random_write_corrupt", 7L), (_record.Snapshot()[0].Rule, _record.Snapshot()[0].Sector));
    }

    [Fact]
    public void Flakey_ErrorReadsWithDropWrites_FailsReadsAndDropsWrites()
    {
        IBlockDevice flakey = Flakey("2 error_reads drop_writes");

        Assert.Equal(BlkStatus.IoError, TestBio.Read(0, 8).SubmitTo(flakey).Status);
        Assert.Equal(BlkStatus.Ok, TestBio.Write(0, Bytes.Pattern(8, seed: 9)).SubmitTo(flakey).Status);
        Bytes.Equal(_original, Bytes.Direct(_lower, 0, 8), "device after a dropped write");
    }

    [Fact]
    public void Flakey_RandomReadCorruptOfOneBillion_CorruptsEvenOnTheHighestDraw()
    {
        var choices = new ScriptedChoices()
            .Answer("random_read_corrupt", 999_999_999)
            .Answer("random_read_corrupt:byte", 3)
            .Answer("random_read_corrupt:value", 0x01);
        IBlockDevice flakey = Flakey("2 random_read_corrupt 1000000000", choices);

        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Assert.Equal([3], Bytes.Differences(_original, read.Buffer));
    }

    [Fact]
    public void Flakey_ErrorReadsWithRandomReadCorrupt_FailsReadsWithoutDrawing()
    {
        // 6.12 accepts the pair; flakey_map kills the read before end_io could corrupt it.
        var choices = new ScriptedChoices();
        IBlockDevice flakey = Flakey("3 error_reads random_read_corrupt 1000000000", choices);

        Assert.Equal(BlkStatus.IoError, TestBio.Read(0, 8).SubmitTo(flakey).Status);
        Assert.Empty(choices.Asked);
    }

    [Fact]
    public void Flakey_ErrorReadsWithCorruptBioByteRead_FailsReads()
    {
        IBlockDevice flakey = Flakey("6 error_reads corrupt_bio_byte 1 r 0 0");

        Assert.Equal(BlkStatus.IoError, TestBio.Read(0, 8).SubmitTo(flakey).Status);
        Assert.Equal("error_reads", Assert.Single(_record.Snapshot()).Rule);
    }

    [Fact]
    public void Flakey_DropWritesWithRandomWriteCorrupt_DropsWritesWithoutDrawing()
    {
        var choices = new ScriptedChoices();
        IBlockDevice flakey = Flakey("3 drop_writes random_write_corrupt 1000000000", choices);

        Assert.Equal(BlkStatus.Ok, TestBio.Write(0, Bytes.Pattern(8, seed: 9)).SubmitTo(flakey).Status);
        Bytes.Equal(_original, Bytes.Direct(_lower, 0, 8), "device after a dropped write");
        Assert.Empty(choices.Asked);
    }

    [Fact]
    public void Flakey_ErrorWritesWithRandomWriteCorrupt_FailsWritesWithoutDrawing()
    {
        var choices = new ScriptedChoices();
        IBlockDevice flakey = Flakey("3 error_writes random_write_corrupt 1000000000", choices);

        Assert.Equal(BlkStatus.IoError, TestBio.Write(0, Bytes.Pattern(8, seed: 9)).SubmitTo(flakey).Status);
        Assert.Empty(choices.Asked);
    }

    [Fact]
    public void Flakey_WithRandomCorruptionDuringUpInterval_DrawsNothing()
    {
        var choices = new ScriptedChoices();
        IBlockDevice flakey = FlakeyDevice.FromTable(TableLine.Parse("0 64 flakey mem0 0 1 1 2 random_read_corrupt 1000000000", _scheduler, _lower), _record, choices);

        TestBio read = TestBio.Read(0, 8).SubmitTo(flakey);

        Bytes.Equal(_original, read.Buffer, "read during up interval");
        Assert.Empty(choices.Asked);
    }

    private IBlockDevice Flakey(string features, IChoiceSource? choices = null) =>
        FlakeyDevice.FromTable(TableLine.Parse($"0 64 flakey mem0 0 0 1 {features}", _scheduler, _lower), _record, choices ?? new ScriptedChoices());
}
