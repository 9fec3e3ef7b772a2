using DmIo.Clients.Mirror;
using DmIo.Clients.Tests.Support;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>
/// Destroying a mirror (<c>mirror_dtr</c>): 6.12's <c>__dm_destroy</c> suspends an unsuspended device before its
/// targets' destructors run, so nothing the mirror started outlives it.
/// </summary>
public sealed class MirrorDisposeTests
{
    [Fact]
    public void Dispose_BeforeTheWorkersFirstRun_LeavesThatRunNothingToDo_AndTheLogUntouched()
    {
        var logDevice = new RecordingDevice("log", capacitySectors: 64);
        var rig = new MirrorRig("disk 2 log 8 2 leg0 0 leg1 0", extraDevices: logDevice);

        rig.Mirror.Dispose();
        rig.Settle(); // the activating worker run was already scheduled; it must not read the disposed log

        Assert.Empty(logDevice.Bios);
    }

    [Fact]
    public void Dispose_WithAResyncCopyInFlight_WaitsForIt_ThenStopsRecovery()
    {
        var rig = new MirrorRig("core 1 8 2 leg0 0 leg1 0");
        rig.Media[0].WriteDirect(0, Enumerable.Repeat((byte)0x5A, 64 * DmIoConstants.SectorSize).ToArray());
        rig.Legs[1].Message("add name=slow op=write action=delay:1ms");
        rig.Scheduler.AdvanceBy(0); // the first region's copy has read leg0 and waits 1 ms for its write to leg1

        rig.Mirror.Dispose(); // was: "Cannot destroy a kcopyd client with 1 job(s) in flight"
        byte[] afterDispose = rig.OnLeg(1, 0, 64);
        rig.Settle();

        // The copy in flight finished (region 0 on leg1), and no region was copied after the destructor.
        Assert.All(afterDispose[..(8 * DmIoConstants.SectorSize)], b => Assert.Equal(0x5A, b));
        Assert.All(afterDispose[(8 * DmIoConstants.SectorSize)..], b => Assert.Equal(0, b));
        Assert.Equal(afterDispose, rig.OnLeg(1, 0, 64));
    }
}
