using DmIo.Clients.Tests.Support;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>
/// Writes through a mirror as 6.12's dm-raid1.c handles them: <c>do_writes</c> sends a write of an in-sync region to
/// every leg in one dm-io request, <c>write_callback</c> fails each leg whose error bit is set (<c>fail_mirror</c>,
/// DM_RAID1_WRITE_ERROR, status D), and <c>do_failures</c> marks the region out of sync and then completes the write
/// (no handle_errors), fails it (no valid leg left) or holds it (handle_errors).
/// </summary>
public sealed class MirrorWriteTests
{
    [Fact]
    public void Write_ToAnInSyncMirror_LandsOnEveryLeg_AndLeavesItHealthy()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");

        Assert.Equal(0, rig.Write(8, 8, 0xAB));

        Assert.All(new[] { rig.OnLeg(0, 8, 8), rig.OnLeg(1, 8, 8) }, leg => Assert.All(leg, b => Assert.Equal(0xAB, b)));
        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status);
    }

    [Fact]
    public void Write_FailingOnOneLeg_WithoutHandleErrors_Succeeds_MarksTheLegDead_AndTheRegionOutOfSync()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        rig.Settle();
        rig.Kill(1, "write");

        int rc = rig.Write(8, 8, 0xAB);

        Assert.Equal(0, rc); // do_failures: neither handle_errors nor a lost last leg, so the write is reported done
        Assert.Equal("2 leg0 leg1 7/8 1 AD 1 core", rig.Status);
        Assert.False(rig.Mirror.Log.InSync(1));
        Assert.Empty(rig.Mirror.KernelLog()); // fail_mirror logs nothing when errors are not handled
        Assert.Equal(0, rig.Mirror.DefaultLeg.Index);
    }

    [Fact]
    public void Write_ToAnOutOfSyncRegion_GoesToTheDefaultLegOnly()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        rig.Settle();
        rig.Kill(1, "write");
        rig.Write(8, 8, 0xAB);
        rig.Legs[1].ClearRules();

        Assert.Equal(0, rig.Write(8, 8, 0xCD)); // region 1 is DM_RH_NOSYNC now: map_bio to the default leg

        Assert.All(rig.OnLeg(0, 8, 8), b => Assert.Equal(0xCD, b));
        Assert.All(rig.OnLeg(1, 8, 8), b => Assert.Equal(0x00, b));
    }

    [Fact]
    public void Write_FailingOnTheDefaultLeg_WithHandleErrors_MovesTheDefaultToTheNextHealthyLeg()
    {
        var rig = new MirrorRig("core 2 8 nosync 3 leg0 0 leg1 0 leg2 0 1 handle_errors", legs: 3);
        rig.Settle();
        long events = rig.Mirror.Events;
        rig.Kill(0, "write");

        var write = rig.WriteAsync(0, 8, 0x11);
        rig.Settle();

        Assert.Null(write.Value); // held (hold_bio) until a suspend
        Assert.Equal(1, rig.Mirror.DefaultLeg.Index); // get_valid_mirror: the first leg without errors
        Assert.Equal("3 leg0 leg1 leg2 7/8 1 DAA 1 core", rig.Status);
        Assert.Equal(events + 1, rig.Mirror.Events); // the first write error of leg0 raises one event
    }

    [Fact]
    public void Write_FailingOnEveryLeg_FailsWithEio_AndSaysAllSidesFailed()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0 1 handle_errors");
        rig.Settle();
        rig.Kill(0, "write");
        rig.Kill(1, "write");

        Assert.Equal(-5, rig.Write(16, 8, 0x22)); // do_failures: no valid mirror left, bio_io_error

        Assert.Equal("2 leg0 leg1 7/8 1 DD 1 core", rig.Status);
        Assert.Equal(["All sides of mirror have failed."], rig.Mirror.KernelLog());
    }

    [Fact]
    public void Write_FailingOnEveryLeg_WithoutHandleErrors_AlsoFails()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        rig.Settle();
        rig.Kill(0, "write");
        rig.Kill(1, "write");

        Assert.Equal(-5, rig.Write(16, 8, 0x22));

        Assert.Equal("2 leg0 leg1 7/8 1 DD 1 core", rig.Status);
    }

    [Fact]
    public void Write_StraddlingARegionBoundary_IsSplitThere_SoOnlyTheFailedHalfsRegionGoesOutOfSync()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        rig.Settle();
        rig.Legs[1].Message("add name=r1 op=write sectors=8-15 action=fail:ioerr");

        Assert.Equal(0, rig.Write(4, 8, 0x33)); // sectors 4-11: region 0 gets 4-7, region 1 gets 8-11 (max_io_len = region size)

        Assert.True(rig.Mirror.Log.InSync(0));
        Assert.False(rig.Mirror.Log.InSync(1));
        Assert.Equal("2 leg0 leg1 7/8 1 AD 1 core", rig.Status);
        Assert.All(rig.OnLeg(1, 4, 4), b => Assert.Equal(0x33, b));
    }

    [Fact]
    public void Discard_FailingOnALeg_IsReported_ButDoesNotDegradeTheMirror()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        rig.Settle();
        rig.Legs[1].Message("add name=d op=discard action=fail:ioerr");

        var request = new DmIoRequest { Operation = BioOperation.Discard, Client = DmIoClient.Create(1, rig.Scheduler) };
        int rc = DmIoEngine.Execute(request, [new IoRegion(rig.Table, 0, 8)]);
        rig.Settle();

        Assert.Equal(-5, rc); // write_callback: BLK_STS_NOTSUPP for the discard
        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status);
    }

    [Fact]
    public void Health_OfALegThatFailedAReadAndThenAWrite_IsD_TheMoreSevereKind()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        Assert.Equal(0, rig.Write(0, 8, 0x01));
        rig.Kill(0, "read");
        Assert.Equal(0, rig.Read(0, 8).Rc);
        Assert.Equal("2 leg0 leg1 8/8 1 RA 1 core", rig.Status);
        rig.Kill(0, "write");

        Assert.Equal(0, rig.Write(8, 8, 0x02));

        Assert.Equal("2 leg0 leg1 7/8 1 DA 1 core", rig.Status); // device_status_char: F, then D, then S, then R
    }
}
