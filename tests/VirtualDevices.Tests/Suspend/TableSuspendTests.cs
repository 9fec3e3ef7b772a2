using DmIo.VirtualDevices.Tables;
using DmIo.VirtualDevices.Tests.Harness;

namespace DmIo.VirtualDevices.Tests.Suspend;

/// <summary>
/// Suspend and resume of a table device, against 6.12's drivers/md/dm.c (<c>dm_suspend</c>, <c>__dm_suspend</c>,
/// <c>dm_resume</c>, <c>dm_submit_bio</c>'s <c>queue_io</c>, <c>dm_handle_requeue</c>, <c>dm_wq_work</c>) and
/// dm-table.c (<c>suspend_targets</c>, <c>dm_table_resume_targets</c>).
/// </summary>
public sealed class TableSuspendTests
{
    private const int EINVAL = 22;
    private const int EIO = 5;

    private readonly List<string> _log = [];

    [Fact]
    public void BiosSubmittedWhileSuspended_AreHeldThenResubmittedInArrivalOrder()
    {
        var target = new HookRecordingTarget("a", 64, _log);
        var table = new TableDevice("t", [new(0, 64, target)]);
        Assert.Equal(0, Completed(table.SuspendAsync()));
        _log.Clear();

        Submit(table, 1, 8, 8);
        Submit(table, 2, 0, 8);
        Submit(table, 3, 16, 16);

        Assert.Empty(_log); // dm_submit_bio: queue_io while DMF_BLOCK_IO_FOR_SUSPEND; nothing reaches the target
        Assert.Equal(3, table.HeldBioCount);
        Assert.Equal(0, table.Resume());
        Assert.Equal(
            ["a.preresume", "a.resume", "a.bio write 8+8", "done 1 ok", "a.bio write 0+8", "done 2 ok", "a.bio write 16+16", "done 3 ok"],
            _log);
        Assert.Equal(0, table.HeldBioCount);
    }

    [Fact]
    public void Suspend_WithABioInFlight_CompletesAndRunsPostsuspendOnlyAfterThatBio()
    {
        var target = new HookRecordingTarget("a", 64, _log) { Holds = true };
        var table = new TableDevice("t", [new(0, 64, target)]);
        Submit(table, 1, 0, 8);

        Task<int> suspend = table.SuspendAsync();

        Assert.False(suspend.IsCompleted, "dm_wait_for_completion: the suspend must wait for the bio in flight");
        Assert.False(table.IsSuspended);
        Assert.True(table.IsSuspending);
        Assert.DoesNotContain("a.postsuspend", _log);
        target.Release(BlkStatus.Ok);
        Assert.Equal(0, Completed(suspend));
        Assert.True(table.IsSuspended);
        Assert.Equal(["a.bio write 0+8", "a.presuspend noflush=False", "done 1 ok", "a.postsuspend"], _log);
    }

    [Fact]
    public void Hooks_OfATwoLineTable_RunInTheKernelOrder()
    {
        var first = new HookRecordingTarget("a", 32, _log);
        var second = new HookRecordingTarget("b", 32, _log);
        var table = new TableDevice("t", [new(0, 32, first), new(32, 32, second)]);

        Assert.Equal(0, Completed(table.SuspendAsync(noflush: true)));
        Assert.Equal(0, table.Resume());

        // suspend_targets walks the table for each phase; dm_table_resume_targets runs every preresume before any resume.
        Assert.Equal(
            ["a.presuspend noflush=True", "b.presuspend noflush=True", "a.postsuspend", "b.postsuspend",
             "a.preresume", "b.preresume", "a.resume", "b.resume"],
            _log);
    }

    [Fact]
    public void NoflushSuspend_PushesBackABioTheTargetRequeues_AndResumeResubmitsIt()
    {
        var target = new HookRecordingTarget("a", 64, _log) { Holds = true, PushBackOnPresuspend = true };
        var table = new TableDevice("t", [new(0, 64, target)]);
        Submit(table, 1, 8, 8);

        Assert.Equal(0, Completed(table.SuspendAsync(noflush: true)));

        Assert.DoesNotContain(_log, l => l.StartsWith("done", StringComparison.Ordinal)); // pushed back, not completed
        Assert.Equal(1, table.HeldBioCount);
        Assert.False(table.IsNoflushSuspending, "__dm_suspend clears DMF_NOFLUSH_SUSPENDING once the device has drained");
        Assert.Equal(0, table.Resume());
        target.Release(BlkStatus.Ok);
        Assert.Equal(["a.bio write 8+8", "a.presuspend noflush=True", "a.postsuspend", "a.preresume", "a.resume", "a.bio write 8+8", "done 1 ok"], _log);
    }

    [Fact]
    public void FlushingSuspend_FailsABioTheTargetRequeues_WithIoError()
    {
        var target = new HookRecordingTarget("a", 64, _log) { Holds = true };
        var table = new TableDevice("t", [new(0, 64, target)]);
        Submit(table, 1, 8, 8);
        Task<int> suspend = table.SuspendAsync(noflush: false);

        target.Release(BlkStatus.DmRequeue); // a push-back with no noflush suspend: dm_handle_requeue sets BLK_STS_IOERR

        Assert.Equal(0, Completed(suspend));
        Assert.Contains("done 1 ioerr", _log);
        Assert.Equal(0, table.HeldBioCount);
    }

    [Fact]
    public void Requeue_WithoutAnySuspend_FailsTheBioWithIoError()
    {
        var target = new HookRecordingTarget("a", 64, _log) { Holds = true };
        var table = new TableDevice("t", [new(0, 64, target)]);
        Submit(table, 1, 0, 8);

        target.Release(BlkStatus.DmRequeue);

        Assert.Equal(["a.bio write 0+8", "done 1 ioerr"], _log);
    }

    [Fact]
    public void Resume_RefusedByAPreresumeHook_LeavesTheDeviceSuspendedAndItsBiosHeld()
    {
        var first = new HookRecordingTarget("a", 32, _log);
        var second = new HookRecordingTarget("b", 32, _log) { PreresumeAnswer = -EIO };
        var table = new TableDevice("t", [new(0, 32, first), new(32, 32, second)]);
        Completed(table.SuspendAsync());
        Submit(table, 1, 0, 8);
        _log.Clear();

        Assert.Equal(-EIO, table.Resume());

        Assert.True(table.IsSuspended);
        Assert.Equal(1, table.HeldBioCount);
        Assert.Equal(["a.preresume", "b.preresume"], _log); // no resume hook runs once a preresume refuses
        second.PreresumeAnswer = 0;
        Assert.Equal(0, table.Resume());
        Assert.Contains("done 1 ok", _log);
    }

    [Fact]
    public void Suspend_OfASuspendedDevice_AndResume_OfOneNotSuspended_AreRefusedWithEinval()
    {
        var target = new HookRecordingTarget("a", 64, _log);
        var table = new TableDevice("t", [new(0, 64, target)]);

        Assert.Equal(-EINVAL, table.Resume()); // dm_resume: r = -EINVAL unless DMF_SUSPENDED
        Assert.Equal(0, Completed(table.SuspendAsync()));
        Assert.Equal(-EINVAL, Completed(table.SuspendAsync(noflush: true))); // dm_suspend: -EINVAL when suspended
        Assert.Equal(["a.presuspend noflush=False", "a.postsuspend"], _log);
    }

    [Fact]
    public void SuspendedTable_KeepsItsTableAndStatusText()
    {
        var disk = new MemoryDevice("disk", 64);
        var table = new TableDevice("t", [new(0, 64, new LinearDevice("l", disk, 0, 64))]);
        string tableText = table.Table;
        string status = table.Status;

        Completed(table.SuspendAsync());

        Assert.Equal(("0 64 linear disk 0\n", "0 64 linear \n"), (tableText, status));
        Assert.Equal((tableText, status), (table.Table, table.Status));
    }

    private static int Completed(Task<int> task)
    {
        Assert.True(task.Wait(TimeSpan.FromSeconds(10)), "the suspend did not complete within 10 s");
        return task.Result;
    }

    private void Submit(TableDevice table, long id, long sector, int sectors)
    {
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, sector, new BioEndIoAction(b => _log.Add($"done {b.Id} {b.Status.ToShortName()}")));
        Assert.True(bio.TryAddSegment(new byte[sectors * DmIoConstants.SectorSize]));
        bio.Id = id;
        BlockLayer.Submit(table, bio);
    }
}
