using DmIo.Clients.Tests.Support;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>
/// Reads through a mirror as 6.12's dm-raid1.c serves them: <c>mirror_map</c> sends a read of an in-sync region straight
/// to <c>choose_mirror</c>'s leg (the default leg, else the nearest healthy one before it); <c>mirror_end_io</c> retries
/// a failed one through the worker on another leg ("Mirror read failed from %s. Trying alternative device."), and
/// <c>read_callback</c> gives up when no leg is left ("Read failure on mirror device %s.  Failing I/O.", then
/// "Mirror read failed.").
/// </summary>
public sealed class MirrorReadTests
{
    [Fact]
    public void Read_FailingOnTheDefaultLeg_IsServedByTheOtherLeg_AndMarksTheFailedLegR()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        Assert.Equal(0, rig.Write(0, 8, 0x5A));
        rig.Kill(0, "read");

        (int rc, byte[] data) = rig.Read(0, 8);

        Assert.Equal(0, rc);
        Assert.All(data, b => Assert.Equal(0x5A, b));
        Assert.Equal("2 leg0 leg1 8/8 1 RA 1 core", rig.Status);
        Assert.Equal(["Mirror read failed from leg0. Trying alternative device."], rig.Mirror.KernelLog());
    }

    [Fact]
    public void Read_AfterTheDefaultLegFailed_GoesStraightToTheHealthyLeg()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        Assert.Equal(0, rig.Write(0, 8, 0x5A));
        rig.Kill(0, "read");
        rig.Read(0, 8);

        (int rc, _) = rig.Read(0, 8);

        Assert.Equal(0, rc);
        Assert.Single(rig.Mirror.KernelLog()); // choose_mirror skipped leg0: no second failure
    }

    [Fact]
    public void Read_FailingOnEveryLeg_FailsWithEio_AfterTryingEachLeg()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        Assert.Equal(0, rig.Write(0, 8, 0x5A));
        rig.Kill(0, "read");
        rig.Kill(1, "read");

        (int rc, _) = rig.Read(0, 8);

        Assert.Equal(-5, rc);
        Assert.Equal("2 leg0 leg1 8/8 1 RR 1 core", rig.Status);
        Assert.Equal(
            [
                "Mirror read failed from leg0. Trying alternative device.",
                "Read failure on mirror device leg1.  Failing I/O.",
                "Mirror read failed.",
            ],
            rig.Mirror.KernelLog());
    }

    [Fact]
    public void Read_WithThreeLegs_FailsOverBackwardsFromTheDefaultLeg()
    {
        var rig = new MirrorRig("core 2 8 nosync 3 leg0 0 leg1 0 leg2 0", legs: 3);
        Assert.Equal(0, rig.Write(0, 8, 0x5A));
        rig.Media[1].WriteDirect(0, Enumerable.Repeat((byte)0x77, 8 * 512).ToArray()); // tells leg1's answer apart
        rig.Kill(0, "read");

        (int rc, byte[] data) = rig.Read(0, 8);

        // choose_mirror walks m-- from the default leg, wrapping round: leg0 failed, so leg2 serves, not leg1.
        Assert.Equal(0, rc);
        Assert.All(data, b => Assert.Equal(0x5A, b));
        Assert.Equal("3 leg0 leg1 leg2 8/8 1 RAA 1 core", rig.Status);
    }

    [Fact]
    public void Read_OfAnOutOfSyncRegion_WithKeepLog_FollowsTheDefaultLegToItsNewHome()
    {
        var rig = new MirrorRig("core 2 8 nosync 3 leg0 0 leg1 0 leg2 0 2 handle_errors keep_log", legs: 3);
        rig.Settle();
        rig.Kill(2, "write");
        Assert.Equal(0, rig.Write(8, 8, 0x61)); // keep_log: the write completes; region 1 is out of sync, leg2 D
        rig.Kill(0, "read");

        (int rc, byte[] data) = rig.Read(8, 8);

        // do_reads may use only the default leg of an out-of-sync region. Its failure moves the default to leg1
        // (keep_log allows that out of sync), and read_callback retries because default_ok now holds.
        Assert.Equal(0, rc);
        Assert.All(data, b => Assert.Equal(0x61, b));
        Assert.Equal(1, rig.Mirror.DefaultLeg.Index);
        Assert.Equal(["Read failure on mirror device leg0. Trying alternative device."], rig.Mirror.KernelLog());
    }
}
