using DmIo.Clients.Tests.Support;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>
/// Held writes and the suspend hooks, through the table device's own suspend and resume (6.12's dm_suspend and
/// dm_resume calling <c>mirror_presuspend</c>, <c>mirror_postsuspend</c>, <c>mirror_resume</c>): with handle_errors a
/// write that failed on a leg is held (<c>hold_bio</c>); a suspend completes it, with EIO unless it is a noflush one,
/// where <c>BLK_STS_DM_REQUEUE</c> makes dm core resubmit it after the resume.
/// </summary>
public sealed class MirrorSuspendTests
{
    [Fact]
    public async Task Suspend_WithFlush_FailsTheHeldWriteWithEio()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0 1 handle_errors");
        rig.Settle();
        rig.Kill(1, "write");
        var write = rig.WriteAsync(0, 8, 0x11);
        rig.Settle();
        Assert.Null(write.Value); // held

        Task<int> suspend = rig.Table.SuspendAsync();
        rig.Settle();

        Assert.Equal(1UL, write.Value); // the request's one region failed: EIO from the held bio
        Assert.True(suspend.IsCompletedSuccessfully, "the suspend completes once the held write is done");
        Assert.Equal(0, await suspend);
        Assert.Equal(0, rig.Table.Resume());
    }

    [Fact]
    public async Task Suspend_Noflush_RequeuesTheHeldWrite_WhichSucceedsAfterTheLegIsRepairedAndTheMirrorResumes()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0 1 handle_errors");
        rig.Settle();
        rig.Kill(1, "write");
        var write = rig.WriteAsync(16, 8, 0x22);
        rig.Settle();
        Assert.Equal("2 leg0 leg1 7/8 1 AD 1 core", rig.Status);

        Task<int> suspend = rig.Table.SuspendAsync(noflush: true);
        rig.Settle();
        Assert.True(suspend.IsCompletedSuccessfully, "the noflush suspend completes once the held write is pushed back");
        Assert.Equal(0, await suspend);
        Assert.Null(write.Value); // pushed back to dm core, not failed
        rig.Legs[1].ClearRules();

        Assert.Equal(0, rig.Table.Resume());
        rig.Settle();

        // core_resume restarts the resync search: region 2 is recovered before the requeued write goes to both legs.
        Assert.Equal(0UL, write.Value);
        Assert.All(rig.OnLeg(1, 16, 8), b => Assert.Equal(0x22, b));
        Assert.Equal("2 leg0 leg1 8/8 1 AA 1 core", rig.Status);
    }
}
