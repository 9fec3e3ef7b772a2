using DmIo.Clients.Regions;

namespace DmIo.Clients.Tests.Regions;

/// <summary>
/// Recovery of 6.12's dm-region-hash.c: dm_rh_recovery_prepare/start/end, complete_resync_work through update_states,
/// delayed writes, the recovery slots of start/stop_recovery and recovery_in_flight.
/// </summary>
public sealed class RegionHashRecoveryTests
{
    [Fact]
    public void Prepare_BeforeStartRecovery_TakesNothing()
    {
        var rig = new RegionHashRig();

        rig.Hash.RecoveryPrepare();

        Assert.Null(rig.Hash.RecoveryStart());
        Assert.Equal(0, rig.Hash.RecoveryInFlight);
        Assert.Equal(1, rig.RecoveryWaiterWakeups); // the extra reference dropped to zero
    }

    [Fact]
    public void SuccessfulRecovery_PutsRegionInSync_AndRequeuesDelayedWrites()
    {
        var rig = new RegionHashRig();
        rig.Hash.StartRecovery();
        Assert.Equal(1, rig.WorkerWakeups);

        rig.Hash.RecoveryPrepare();
        Assert.Equal(RegionState.Recovering, rig.Hash.GetState(0));
        Assert.Equal(1, rig.Hash.RecoveryInFlight);
        Region? region = rig.Hash.RecoveryStart();
        Assert.NotNull(region);
        Assert.Equal(0, region.Key);
        Assert.Null(rig.Hash.RecoveryStart());

        rig.Hash.RecoveryPrepare(); // max_recovery 1: no second region while one recovers
        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(1));

        Bio held = rig.Write(0);
        rig.Hash.Delay(held);
        Assert.Equal(1, region.DelayedBioCount);

        rig.Hash.RecoveryEnd(region, success: true);
        Assert.Equal(2, rig.WorkerWakeups);
        Assert.Empty(rig.Dispatched); // settled by the worker's update_states

        rig.Hash.UpdateStates(errorsHandled: true);
        Bio[] dispatched = Assert.Single(rig.Dispatched);
        Assert.Same(held, Assert.Single(dispatched));
        Assert.True(rig.Log.InSync(0));
        Assert.True(rig.Log.IsClean(0));
        Assert.Equal(1, rig.Log.SyncCount);
        Assert.Equal(0, rig.Hash.RecoveryInFlight);
        Assert.Equal(RegionState.Clean, rig.Hash.GetState(0));

        rig.Hash.RecoveryPrepare(); // the slot is back: the next region
        Assert.Equal(1, rig.Hash.RecoveryStart()?.Key);
    }

    [Theory]
    [InlineData(true, false, 0)]  // errors handled: the region stays out of sync
    [InlineData(false, true, 1)]  // errors ignored: the kernel counts it in sync anyway
    public void FailedRecovery_SyncStateDependsOnErrorHandling(bool errorsHandled, bool inSync, long syncCount)
    {
        var rig = new RegionHashRig();
        rig.Hash.StartRecovery();
        rig.Hash.RecoveryPrepare();
        Region region = rig.Hash.RecoveryStart()!;

        rig.Hash.RecoveryEnd(region, success: false);
        rig.Hash.UpdateStates(errorsHandled);

        Assert.Equal(inSync, rig.Log.InSync(0));
        Assert.Equal(syncCount, rig.Log.SyncCount);
        Assert.Single(rig.Dispatched);
        Assert.Equal(0, rig.Hash.RecoveryInFlight);
    }

    [Fact]
    public void RegionWithWritesInFlight_IsQuiescedOnlyByItsLastCompletion()
    {
        var rig = new RegionHashRig();
        rig.Hash.IncPending([rig.Write(0)]);
        rig.Hash.StartRecovery();

        rig.Hash.RecoveryPrepare();
        Assert.Equal(RegionState.Recovering, rig.Hash.GetState(0));
        Assert.Null(rig.Hash.RecoveryStart());

        rig.Hash.Dec(0);
        Assert.Equal(0, rig.Hash.RecoveryStart()?.Key);
    }

    [Fact]
    public void MarkNoSync_OnARecoveringRegion_EndsItsRecoveryAsFailed()
    {
        var rig = new RegionHashRig();
        Bio write = rig.Write(0);
        rig.Hash.IncPending([write]);
        rig.Hash.StartRecovery();
        rig.Hash.RecoveryPrepare();

        rig.Hash.MarkNoSync(write);

        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(0));
        Assert.Equal(0, rig.Hash.RecoveryInFlight);
        Assert.Single(rig.Dispatched);
        Assert.Equal(1, rig.RecoveryWaiterWakeups);
    }

    [Fact]
    public void StopRecovery_WaitsThroughTheSchedulerForTheRecoveryInFlight()
    {
        var rig = new RegionHashRig();
        rig.Hash.StartRecovery();
        rig.Hash.RecoveryPrepare();
        Region region = rig.Hash.RecoveryStart()!;
        bool copied = false;
        rig.Scheduler.Schedule(1_000, () =>
        {
            copied = true;
            rig.Hash.RecoveryEnd(region, success: true);
            rig.Hash.UpdateStates(errorsHandled: true);
        });

        rig.Hash.StopRecovery(); // bounded: the simulated scheduler throws when no event is left to run

        Assert.True(copied);
        Assert.Equal(0, rig.Hash.RecoveryInFlight);
        rig.Hash.RecoveryPrepare(); // every slot was taken back: nothing starts
        Assert.Null(rig.Hash.RecoveryStart());
    }

    [Fact]
    public void StopRecovery_WithoutStart_ReportsTheStall()
    {
        var rig = new RegionHashRig();

        Assert.Throws<SimulationStalledException>(rig.Hash.StopRecovery);
    }
}
