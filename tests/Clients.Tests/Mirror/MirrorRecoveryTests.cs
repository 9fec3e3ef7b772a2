using DmIo.Clients.Tests.Support;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>
/// The initial resynchronisation as 6.12's dm-raid1.c runs it: <c>do_recovery</c> takes regions the log does not know
/// to be in sync, <c>recover</c> copies each from the default leg with kcopyd (IGNORE_ERROR unless handle_errors), and
/// <c>recovery_complete</c> fails the legs the copy could not read ("Unable to read primary mirror during recovery") or
/// write ("Write error during recovery (error = 0x%lx)"), with DM_RAID1_SYNC_ERROR (status S). A region whose copy
/// failed counts as in sync anyway unless errors are handled (<c>dm_rh_update_states</c>); the end of a full resync
/// clears every leg's failures (<c>reset_ms_flags</c>).
/// </summary>
public sealed class MirrorRecoveryTests
{
    [Fact]
    public void Resync_CopiesTheDefaultLegToTheOthers_UntilEveryRegionIsInSync()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0");
        rig.Media[0].WriteDirect(0, Enumerable.Range(0, 64 * 512).Select(i => (byte)(i / 512)).ToArray());
        Assert.Equal("2 leg0 leg1 0/8 1 AA 1 core", rig.Status); // not yet resumed: nothing copied

        rig.Settle();

        Assert.Equal(rig.OnLeg(0, 0, 64), rig.OnLeg(1, 0, 64));
        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status);
        Assert.True(rig.Mirror.InSync);
    }

    [Fact]
    public void Resync_ShortLastRegion_CopiesOnlyTheSectorsThatExist()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0", sectors: 60);
        rig.Media[0].WriteDirect(0, Enumerable.Repeat((byte)0x42, 60 * 512).ToArray());

        rig.Settle();

        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status); // dm_sector_div_up(60, 8) = 8 regions, the last of 4 sectors
        Assert.All(rig.OnLeg(1, 56, 4), b => Assert.Equal(0x42, b));
    }

    [Fact]
    public void Resync_OntoADeadLeg_WithoutHandleErrors_CountsRegionsInSync_AndForgivesTheLegAtTheEnd()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0");
        rig.Kill(1, "write");

        rig.Settle();

        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status);
        Assert.Equal(Enumerable.Repeat("Write error during recovery (error = 0x1)", 8), rig.Mirror.KernelLog());
    }

    [Fact]
    public void Resync_OntoADeadLeg_WithHandleErrors_LeavesEveryRegionOutOfSync_AndTheLegS()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0 1 handle_errors");
        rig.Kill(1, "write");

        rig.Settle();

        Assert.Equal("2 leg0 leg1 0/8 1 AS 1 core", rig.Status);
        Assert.Equal(Enumerable.Repeat("Write error during recovery (error = 0x1)", 8), rig.Mirror.KernelLog());
        Assert.False(rig.Mirror.InSync);
    }

    [Fact]
    public void Resync_FromAnUnreadableDefaultLeg_WithHandleErrors_KeepsTheDefault_AndWarnsReadsMayFail()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0 1 handle_errors");
        rig.Kill(0, "read");

        rig.Settle();

        Assert.Equal("2 leg0 leg1 0/8 1 SA 1 core", rig.Status);
        Assert.Equal(0, rig.Mirror.DefaultLeg.Index); // out of sync and no keep_log: the failing leg stays the default
        IReadOnlyList<string> log = rig.Mirror.KernelLog();
        Assert.Equal("Unable to read primary mirror during recovery", log[0]);
        Assert.Equal("Primary mirror (leg0) failed while out-of-sync: Reads may fail.", log[1]);
        Assert.Equal(9, log.Count); // one "Unable to read" per region; the second line only for the first SYNC error
    }

    [Fact]
    public void Resync_FromAnUnreadableDefaultLeg_WithKeepLog_HandsTheDefaultToAHealthyLeg()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0 2 handle_errors keep_log");
        rig.Kill(0, "read");

        rig.Settle();

        Assert.Equal(1, rig.Mirror.DefaultLeg.Index); // keep_log: fail_mirror may switch even out of sync
        Assert.Equal("Unable to read primary mirror during recovery", rig.Mirror.KernelLog()[0]);
    }

    [Fact]
    public void Resync_FromAnUnreadableDefaultLeg_WithHandleErrors_WritesNothingToTheOtherLegs()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0 1 handle_errors");
        rig.Media[1].WriteDirect(0, Enumerable.Repeat((byte)0x77, 64 * 512).ToArray());
        rig.Kill(0, "read");

        rig.Settle();

        // Without DM_KCOPYD_IGNORE_ERROR kcopyd ends a job at its read error: no destination is written.
        Assert.All(rig.OnLeg(1, 0, 64), b => Assert.Equal(0x77, b));
    }

    [Fact]
    public void Resync_FromAnUnreadableDefaultLeg_WithoutHandleErrors_StillWritesTheOtherLegs()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0");
        rig.Media[1].WriteDirect(0, Enumerable.Repeat((byte)0x77, 64 * 512).ToArray());
        rig.Kill(0, "read");

        rig.Settle();

        // With DM_KCOPYD_IGNORE_ERROR kcopyd goes on to write what the failed read left, which dm-io zero-filled.
        Assert.All(rig.OnLeg(1, 0, 64), b => Assert.Equal(0x00, b));
        Assert.Equal(Enumerable.Repeat("Unable to read primary mirror during recovery", 8), rig.Mirror.KernelLog());
        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status); // in sync anyway, and the failures forgotten
    }
}
