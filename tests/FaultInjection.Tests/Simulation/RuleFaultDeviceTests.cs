using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Simulation;

public sealed class RuleFaultDeviceTests
{
    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _media = new("mem0", 2048, QueueLimits.Default with { VolatileWriteCache = true });
    private readonly FaultRecord _record = new();

    private RuleFaultDevice Device(params ulong[] choices) =>
        new("rules0", _media, _scheduler, new ScriptedChoices(choices), _record);

    [Theory]
    [InlineData("ioerr", BlkStatus.IoError)]
    [InlineData("notsupp", BlkStatus.NotSupported)]
    [InlineData("medium", BlkStatus.Medium)]
    [InlineData("timeout", BlkStatus.Timeout)]
    [InlineData("nospc", BlkStatus.NoSpace)]
    public void Fail_CompletesWithChosenStatus_WithoutTouchingMedia(string statusName, BlkStatus expected)
    {
        RuleFaultDevice device = Device();
        device.Message($"add name=f1 op=write action=fail:{statusName}");

        Submitted write = Bios.Write(device, 16, Bios.Pattern(8, 1));

        Assert.Equal(expected, write.Status);
        Bios.AssertBytes(new byte[8 * 512], Bios.ReadMedia(_media, 16, 8), "media after failed write");
        FaultDecision d = Assert.Single(_record.Snapshot());
        Assert.Equal(("rules0", "f1", "fail", expected, 16L, 8L), (d.Device, d.Rule, d.Action, d.Status, d.Sector, d.Count));
    }

    [Fact]
    public void OperationFilter_LeavesOtherOperationsAlone()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=r op=read action=fail:medium");

        Submitted write = Bios.Write(device, 0, Bios.Pattern(1, 2));
        Submitted read = Bios.Read(device, 0, 1);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Assert.Equal(BlkStatus.Medium, read.Status);
    }

    [Fact]
    public void FlagsFilter_MatchesOnlyBiosCarryingAllFlags()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=fua flags=fua,sync action=fail");

        Submitted plain = Bios.Write(device, 0, new byte[512], BioFlags.Sync);
        Submitted fua = Bios.Write(device, 0, new byte[512], BioFlags.Sync | BioFlags.Fua);

        Assert.Equal(BlkStatus.Ok, plain.Status);
        Assert.Equal(BlkStatus.IoError, fua.Status);
    }

    [Fact]
    public void SectorRange_MatchesBiosThatOverlapIt()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=r sectors=100-107 action=fail");

        Assert.Equal(BlkStatus.Ok, Bios.Write(device, 92, new byte[8 * 512]).Status);   // 92..99
        Assert.Equal(BlkStatus.IoError, Bios.Write(device, 96, new byte[8 * 512]).Status); // 96..103
        Assert.Equal(BlkStatus.IoError, Bios.Write(device, 107, new byte[512]).Status);
        Assert.Equal(BlkStatus.Ok, Bios.Write(device, 108, new byte[512]).Status);
    }

    [Fact]
    public void Nth_FiresOnlyOnTheNthMatchingBio()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=third op=write nth=3 action=fail");

        BlkStatus?[] statuses = [.. Enumerable.Range(0, 6).Select(i => Bios.Write(device, i, new byte[512]).Status)];

        Assert.Equal([BlkStatus.Ok, BlkStatus.Ok, BlkStatus.IoError, BlkStatus.Ok, BlkStatus.Ok, BlkStatus.Ok], statuses);
    }

    [Fact]
    public void Every_FiresOnEveryKthMatchingBio_AndNonMatchingBiosDoNotCount()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=k op=write every=2 action=fail");

        var statuses = new List<BlkStatus?>();
        for (int i = 0; i < 4; i++)
        {
            Bios.Read(device, 0, 1); // reads do not match, so they do not advance the count
            statuses.Add(Bios.Write(device, i, new byte[512]).Status);
        }

        Assert.Equal([BlkStatus.Ok, BlkStatus.IoError, BlkStatus.Ok, BlkStatus.IoError], statuses);
        Assert.Equal((4L, 2L), (device.Rules[0].Matched, device.Rules[0].Fired));
    }

    [Fact]
    public void NthWithEvery_FiresOnNthThenEveryKthAfter()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=nk nth=2 every=3 action=fail");

        int[] failed = [.. Enumerable.Range(1, 9).Where(_ => Bios.Write(device, 0, new byte[512]).Status != BlkStatus.Ok)];

        Assert.Equal([2, 5, 8], failed);
    }

    [Fact]
    public void Probability_FiresWhenTheDrawFallsBelowIt()
    {
        var choices = new ScriptedChoices(249_999_999, 250_000_000);
        var device = new RuleFaultDevice("rules0", _media, _scheduler, choices, _record);
        device.Message("add name=p prob=0.25 action=fail:timeout");

        Assert.Equal(BlkStatus.Timeout, Bios.Write(device, 0, new byte[512]).Status);
        Assert.Equal(BlkStatus.Ok, Bios.Write(device, 0, new byte[512]).Status);
        Assert.Equal([("rules0:p:prob", 1_000_000_000UL), ("rules0:p:prob", 1_000_000_000UL)], choices.Asked);
    }

    [Fact]
    public void TimeWindow_IsActiveFromInclusiveUntilExclusive()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=w from=10ms until=20ms action=fail");

        var statuses = new List<BlkStatus?>();
        foreach (long step in new long[] { 9_999_999, 1, 9_999_999, 1 })
        {
            _scheduler.AdvanceBy(step); // at 9.999999 ms, 10 ms, 19.999999 ms, 20 ms
            statuses.Add(Bios.Write(device, 0, new byte[512]).Status);
        }

        Assert.Equal([BlkStatus.Ok, BlkStatus.IoError, BlkStatus.IoError, BlkStatus.Ok], statuses);
    }

    [Fact]
    public void Delay_HoldsCompletionAfterDataMoved()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=slow op=write action=delay:3ms");
        byte[] data = Bios.Pattern(2, 9);

        Submitted write = Bios.Write(device, 4, data);

        Bios.AssertBytes(data, Bios.ReadMedia(_media, 4, 2), "media while delayed");
        _scheduler.AdvanceBy(2_999_999);
        Assert.Null(write.Status);
        _scheduler.AdvanceBy(1);
        Assert.Equal(BlkStatus.Ok, write.Status);
        FaultDecision d = Assert.Single(_record.Snapshot());
        Assert.Equal(("delay", 3_000_000L), (d.Action, d.TimeNanoseconds));
    }

    [Fact]
    public void CorruptWrite_FlipsDrawnBytesOnMedia_AndLeavesCallerBufferAlone()
    {
        // offset 700 XOR (1 + 0x0F) = 0x10
        RuleFaultDevice device = Device(700, 0x0F);
        device.Message("add name=c op=write action=corrupt:1");
        byte[] data = Bios.Pattern(2, 3);
        byte[] original = (byte[])data.Clone();

        Submitted write = Bios.Write(device, 0, data);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Bios.AssertBytes(original, data, "caller buffer");
        byte[] expected = (byte[])original.Clone();
        expected[700] ^= 0x10;
        Bios.AssertBytes(expected, Bios.ReadMedia(_media, 0, 2), "media after corrupt write");
        Assert.Equal("corrupt", Assert.Single(_record.Snapshot()).Action);
    }

    [Fact]
    public void CorruptRead_FlipsDrawnBytesInReturnedData_AndLeavesMediaAlone()
    {
        byte[] stored = Bios.Pattern(1, 5);
        _media.WriteDirect(3, stored);
        RuleFaultDevice device = Device(511, 0xFE);
        device.Message("add name=c op=read action=corrupt");

        Submitted read = Bios.Read(device, 3, 1);

        byte[] expected = (byte[])stored.Clone();
        expected[511] ^= 0xFF;
        Bios.AssertBytes(expected, read.Buffer, "read data");
        Bios.AssertBytes(stored, Bios.ReadMedia(_media, 3, 1), "media after corrupt read");
    }

    [Fact]
    public void Drop_CompletesWriteOkWithoutWriting()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=d action=drop");

        Submitted write = Bios.Write(device, 10, Bios.Pattern(4, 7));

        Assert.Equal(BlkStatus.Ok, write.Status);
        Bios.AssertBytes(new byte[4 * 512], Bios.ReadMedia(_media, 10, 4), "media after dropped write");
        FaultDecision d = Assert.Single(_record.Snapshot());
        Assert.Equal(("drop", BlkStatus.Ok, 10L, 4L), (d.Action, d.Status, d.Sector, d.Count));
    }

    [Fact]
    public void Drop_DoesNotMatchReads()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=d action=drop");

        Assert.Equal(BlkStatus.Ok, Bios.Read(device, 0, 1).Status);
        Assert.Empty(_record.Snapshot());
    }

    [Fact]
    public void Tear_FixedPoint_WritesLeadingSectorsOnly_AndReportsOk()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=t action=tear:3");
        byte[] data = Bios.Pattern(8, 11);

        Submitted write = Bios.Write(device, 40, data);

        Assert.Equal(BlkStatus.Ok, write.Status);
        byte[] expected = new byte[8 * 512];
        data.AsSpan(0, 3 * 512).CopyTo(expected);
        Bios.AssertBytes(expected, Bios.ReadMedia(_media, 40, 8), "media after torn write");
        FaultDecision d = Assert.Single(_record.Snapshot());
        Assert.Equal(("tear", 43L, 5L), (d.Action, d.Sector, d.Count)); // the sectors that were not written
    }

    [Fact]
    public void Tear_WithErrorStatus_AndDrawnPoint_ReportsTheError()
    {
        RuleFaultDevice device = Device(1); // keep 1 of 4 sectors
        device.Message("add name=t action=tear:any:ioerr");
        byte[] data = Bios.Pattern(4, 13);

        Submitted write = Bios.Write(device, 0, data);

        Assert.Equal(BlkStatus.IoError, write.Status);
        byte[] expected = new byte[4 * 512];
        data.AsSpan(0, 512).CopyTo(expected);
        Bios.AssertBytes(expected, Bios.ReadMedia(_media, 0, 4), "media after torn write");
    }

    [Fact]
    public void Tear_DoesNotMatchSingleSectorWrites()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=t action=tear:0");

        Assert.Equal(BlkStatus.Ok, Bios.Write(device, 0, Bios.Pattern(1, 1)).Status);
        Assert.Empty(_record.Snapshot());
    }

    [Fact]
    public void Misdirect_Absolute_WritesElsewhere_AndAimedSectorsStayUntouched()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=m action=misdirect:500");
        byte[] data = Bios.Pattern(2, 17);

        Submitted write = Bios.Write(device, 8, data);

        Assert.Equal(BlkStatus.Ok, write.Status);
        Bios.AssertBytes(new byte[2 * 512], Bios.ReadMedia(_media, 8, 2), "aimed sectors");
        Bios.AssertBytes(data, Bios.ReadMedia(_media, 500, 2), "misdirected sectors");
        Assert.Equal(("misdirect", 8L), (_record.Snapshot()[0].Action, _record.Snapshot()[0].Sector));
    }

    [Fact]
    public void Misdirect_Relative_ShiftsTheWrite()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=m action=misdirect:-8");
        byte[] data = Bios.Pattern(1, 19);

        Bios.Write(device, 16, data);

        Bios.AssertBytes(data, Bios.ReadMedia(_media, 8, 1), "sector 8");
    }

    [Fact]
    public void FirstFiringRuleWins_LaterRulesDoNotCount()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=a nth=1 action=fail:medium");
        device.Message("add name=b action=fail:nospc");

        Assert.Equal(BlkStatus.Medium, Bios.Write(device, 0, new byte[512]).Status);
        Assert.Equal(BlkStatus.NoSpace, Bios.Write(device, 0, new byte[512]).Status);
        Assert.Equal((1L, 1L), (device.Rules[1].Matched, device.Rules[1].Fired));
    }

    [Fact]
    public void SameAddMessage_ToTwoDevices_KeepsTheirCountersApart()
    {
        // The rule text is parsed once and remembered (a sweep sends it every seed); what a rule has matched and fired
        // belongs to the device it was added to.
        RuleFaultDevice first = Device();
        RuleFaultDevice second = Device();
        first.Message("add name=shared nth=2 action=fail:ioerr");
        second.Message("add name=shared nth=2 action=fail:ioerr");

        Assert.Equal(BlkStatus.Ok, Bios.Write(first, 0, new byte[512]).Status);
        Assert.Equal(BlkStatus.IoError, Bios.Write(first, 0, new byte[512]).Status);
        Assert.Equal(BlkStatus.Ok, Bios.Write(second, 0, new byte[512]).Status);

        Assert.Equal((2L, 1L), (first.Rules[0].Matched, first.Rules[0].Fired));
        Assert.Equal((1L, 0L), (second.Rules[0].Matched, second.Rules[0].Fired));
    }

    [Fact]
    public void Messages_ListShowsCanonicalRulesWithCounters_RemoveAndClearEmptyIt()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=r1 op=write sectors=0-99 nth=3 action=fail:ioerr");
        device.Message("add   name=r2 op=write flags=fua prob=25% from=1ms until=2s action=tear:2");
        Bios.Write(device, 0, new byte[512]);

        Assert.Equal(
            "name=r1 op=write sectors=0-99 nth=3 action=fail:ioerr matched=1 fired=0\n" +
            "name=r2 op=write flags=fua prob=0.25 from=1ms until=2s action=tear:2:ok matched=0 fired=0\n",
            device.Message("list"));

        Assert.Equal(string.Empty, device.Message("remove r1"));
        Assert.Equal(["r2"], device.Rules.Select(r => r.Rule.Name));
        device.Message("clear");
        Assert.Empty(device.Message("list"));
    }

    [Theory]
    [InlineData("add name=x action=explode", "action")]
    [InlineData("add name=x action=fail:eio", "action")]
    [InlineData("add name=x sectors=9-3 action=fail", "rule")]
    [InlineData("add name=x color=red action=fail", "color")]
    [InlineData("add name=x", "action")]
    [InlineData("add action=fail", "name")]
    [InlineData("add name=x nth=0 action=fail", "nth")]
    [InlineData("add name=x prob=1.5 action=fail", "prob")]
    [InlineData("add name=x from=10 action=fail", "from")]
    [InlineData("add name=x op=read action=drop", "rule")]
    [InlineData("add name=x name=y action=fail", "name")]
    [InlineData("remove nosuch", "name")]
    [InlineData("reboot", "command")]
    public void Messages_BadText_ThrowNamingTheField_AndChangeNothing(string message, string field)
    {
        RuleFaultDevice device = Device();
        device.Message("add name=keep action=delay:1us");

        var e = Assert.Throws<FaultRuleSyntaxException>(() => device.Message(message));

        Assert.Equal(field, e.Field);
        Assert.Equal(["keep"], device.Rules.Select(r => r.Rule.Name));
    }

    [Fact]
    public void Messages_DuplicateName_IsRejected()
    {
        RuleFaultDevice device = Device();
        device.Message("add name=a action=fail");

        var e = Assert.Throws<FaultRuleSyntaxException>(() => device.Message("add name=a action=drop"));

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Single(device.Rules);
    }

    [Theory]
    [InlineData("name=a action=fail:ioerr")]
    [InlineData("name=b op=discard,write_zeroes sectors=5-5 every=4 action=drop")]
    [InlineData("name=c flags=sync,meta,preflush,fua nth=2 every=2 prob=0.000000001 action=delay:1500us")]
    [InlineData("name=d sectors=10- from=0ns until=1s action=misdirect:+16")]
    [InlineData("name=e op=read action=corrupt:3")]
    [InlineData("name=f op=write action=tear:any:medium")]
    [InlineData("name=g action=misdirect:-4")]
    [InlineData("name=h action=misdirect:77")]
    public void Syntax_FormatOfParse_IsTheCanonicalText(string canonical)
    {
        Assert.Equal(canonical, FaultRuleSyntax.Format(FaultRuleSyntax.Parse(canonical)));
    }

    [Fact]
    public async Task Rules_AddedAndRemovedFromOtherThreads_WhileBiosFlow_StayConsistent()
    {
        var device = new RuleFaultDevice("rules0", new MemoryDevice("mem1", 64), RealTimeScheduler.Shared, new RandomChoiceSource(1), _record);
        using var stop = new CancellationTokenSource();
        int failures = 0;
        Task churn = Task.Run(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                device.AddRule(new FaultRule { Name = "r" + i, Action = FaultAction.Fail(), Operations = [BioOperation.Write] });
                device.RemoveRule("r" + i);
            }
        });
        while (!churn.IsCompleted)
        {
            if (Bios.Write(device, 0, new byte[512]).Status != BlkStatus.Ok)
            {
                failures++;
            }
        }

        await churn;
        Assert.Empty(device.Rules);
        Assert.Equal(failures, _record.Count); // every failure the caller saw was recorded, and nothing else
    }
}
