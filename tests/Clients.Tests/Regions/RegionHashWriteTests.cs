using DmIo.Clients.Regions;

namespace DmIo.Clients.Tests.Regions;

/// <summary>Write bookkeeping of 6.12's dm-region-hash.c: rh_inc, dm_rh_dec, dm_rh_mark_nosync, dm_rh_update_states.</summary>
public sealed class RegionHashWriteTests
{
    [Fact]
    public void WriteToCleanRegion_DirtiesItAndMarksTheLog_CompletionMakesItCleanAgain()
    {
        var rig = new RegionHashRig("nosync");
        Assert.Equal(RegionState.Clean, rig.Hash.GetState(2));

        rig.Hash.IncPending([rig.Write(2), rig.Write(2)]);
        Assert.Equal(RegionState.Dirty, rig.Hash.GetState(2));
        Assert.False(rig.Log.IsClean(2));

        rig.Hash.Dec(2);
        Assert.Equal(RegionState.Dirty, rig.Hash.GetState(2)); // one write still in flight
        Assert.Equal(0, rig.WorkerWakeups);

        rig.Hash.Dec(2);
        Assert.Equal(RegionState.Clean, rig.Hash.GetState(2));
        Assert.Equal(1, rig.WorkerWakeups);
        Assert.False(rig.Log.IsClean(2)); // the log is cleared by the worker's update_states, not by the completion

        rig.Hash.UpdateStates(errorsHandled: true);
        Assert.True(rig.Log.IsClean(2));
        Assert.Equal(0, rig.Hash.TrackedRegions);
    }

    [Fact]
    public void FlushAndDiscardBios_AreNotCounted()
    {
        var rig = new RegionHashRig("nosync");

        rig.Hash.IncPending([rig.Write(1, BioFlags.Preflush), rig.Write(3, operation: BioOperation.Discard)]);

        Assert.Equal(RegionState.Clean, rig.Hash.GetState(1));
        Assert.Equal(RegionState.Clean, rig.Hash.GetState(3));
        Assert.True(rig.Log.IsClean(1));
        Assert.True(rig.Log.IsClean(3));
    }

    [Fact]
    public void WriteToOutOfSyncRegion_StaysNoSync_AndKeepsItsEntry()
    {
        var rig = new RegionHashRig(); // no sync word: every region out of sync
        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(5));

        rig.Hash.IncPending([rig.Write(5)]);
        Assert.True(rig.Log.IsClean(5)); // only a clean region's first write marks the log

        rig.Hash.Dec(5);
        rig.Hash.UpdateStates(errorsHandled: true);

        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(5));
        Assert.Equal(1, rig.Hash.TrackedRegions);
        Assert.Equal(1, rig.WorkerWakeups);
    }

    [Fact]
    public void MarkNoSync_WriteFailedOnALeg_RegionLeavesSyncAndIsNeverCleaned()
    {
        var rig = new RegionHashRig("nosync");
        Bio write = rig.Write(6);
        rig.Hash.IncPending([write]);

        rig.Hash.MarkNoSync(write);
        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(6));
        Assert.False(rig.Log.InSync(6));
        Assert.Equal(7, rig.Log.SyncCount);

        rig.Hash.Dec(6);
        rig.Hash.UpdateStates(errorsHandled: true);
        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(6));
        Assert.False(rig.Log.IsClean(6)); // stays marked in the log until recovered
    }

    [Fact]
    public void FailedPreflush_LaterCompletionsLeaveRegionsOutOfSync()
    {
        var rig = new RegionHashRig("nosync");
        rig.Hash.IncPending([rig.Write(1)]);

        rig.Hash.MarkNoSync(rig.Write(0, BioFlags.Preflush));
        Assert.True(rig.Hash.FlushFailure);
        Assert.Equal(8, rig.Log.SyncCount); // a failed flush tells the log nothing

        rig.Hash.Dec(1);
        Assert.Equal(RegionState.NoSync, rig.Hash.GetState(1));
    }

    [Fact]
    public void Dec_WithNothingPending_IsRefused()
    {
        var rig = new RegionHashRig("nosync");

        var e = Assert.Throws<InvalidOperationException>(() => rig.Hash.Dec(3));

        Assert.Contains("Region 3 has no write pending", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Hash.TrackedRegions);
    }

    [Fact]
    public void BioToRegion_CountsFromTheTargetsStart()
    {
        var rig = new RegionHashRig("nosync", targetBegin: 1000);
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 1000 + 2048 + 100, new BioEndIoAction(_ => { })); // sector 3148 is in absolute region 3

        Assert.Equal(2, rig.Hash.BioToRegion(bio));
        Assert.Equal(2048, rig.Hash.RegionToSector(2));
        Assert.Equal(1024u, rig.Hash.RegionSize);
    }
}
