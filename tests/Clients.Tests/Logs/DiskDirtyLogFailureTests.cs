using DmIo.Clients.Logs;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Tests.Logs;

/// <summary>
/// A failing log device: 6.12's disk_resume and disk_flush fail the device (<c>log_dev_failed</c>, status D) when a
/// read or write fails, and also mark a failed PREFLUSH (<c>log_dev_flush_failed</c>, status F, which wins).
/// </summary>
public sealed class DiskDirtyLogFailureTests
{
    [Fact]
    public void ErrorTargetLogDevice_ResumeAndFlushReturnEio_StatusShowsD()
    {
        var scheduler = new SimulatedScheduler(seed: 15);
        var catalog = new DeviceCatalog();
        TableDevice errorLog = new DeviceTableParser(catalog, scheduler: scheduler).Create("elog", "0 8 error");
        using IDirtyLog log = DirtyLogs.Create("disk", ["elog", "1024", "nosync"], LogRig.TargetSectors,
            name => name == errorLog.Name ? errorLog : null, scheduler, null);

        Assert.Equal(-Errno.EIO, log.Resume());
        Assert.Equal("3 disk elog D", log.Status);
        Assert.True(log.InSync(0)); // nosync: a failed read still leaves every region in sync

        log.MarkRegion(1);
        Assert.Equal(-Errno.EIO, log.Flush());
        Assert.Equal("3 disk elog D", log.Status);
    }

    [Fact]
    public void ErrorTargetLogDevice_DefaultSync_EveryRegionOutOfSync()
    {
        var scheduler = new SimulatedScheduler(seed: 15);
        var catalog = new DeviceCatalog();
        TableDevice errorLog = new DeviceTableParser(catalog, scheduler: scheduler).Create("elog", "0 8 error");
        using IDirtyLog log = DirtyLogs.Create("disk", ["elog", "1024"], LogRig.TargetSectors,
            name => name == errorLog.Name ? errorLog : null, scheduler, null);

        log.Resume();

        Assert.Equal(0, log.SyncCount);
        Assert.False(log.IsClean(0));
    }

    [Fact]
    public void FailingPreflush_ResumeAndFlushReturnEio_StatusShowsF()
    {
        var rig = new LogRig();
        rig.Device.Status = bio => (bio.Flags & BioFlags.Preflush) != 0 ? BlkStatus.IoError : BlkStatus.Ok;
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024", "nosync");

        Assert.Equal(-Errno.EIO, log.Resume());
        Assert.Equal("3 disk log0 F", log.Status);
        Assert.True(log.LogDeviceFailed);

        log.MarkRegion(2);
        Assert.Equal(-Errno.EIO, log.Flush());
        Assert.Equal(0xFB, rig.Device.Data[1024]); // the write itself went out
    }

    [Fact]
    public void FailingWriteAfterResume_FlushReturnsEio_StatusShowsD_AndRetriesNextFlush()
    {
        var rig = new LogRig();
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024", "nosync");
        Assert.Equal(0, log.Resume());
        rig.Device.Status = bio => bio.Operation == BioOperation.Write && bio.Sectors > 0 ? BlkStatus.IoError : BlkStatus.Ok;

        log.MarkRegion(2);
        Assert.Equal(-Errno.EIO, log.Flush());
        Assert.Equal("3 disk log0 D", log.Status);

        rig.Device.Status = null;
        rig.Device.ClearBios();
        Assert.Equal(0, log.Flush()); // the touched flags survive a failed write, so the next flush writes again
        Assert.Equal(2, rig.Device.Bios.Count);
        Assert.Equal("3 disk log0 D", log.Status); // a failed device stays failed
    }
}
