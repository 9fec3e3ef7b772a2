using DmIo.Clients.Logs;
using DmIo.Testing;

namespace DmIo.Clients.Tests.Logs;

/// <summary>
/// The disk log's device I/O, on-disk bytes and persistence, from 6.12 dm-log.c (disk_resume, read_header,
/// disk_flush, struct log_header_disk, LOG_OFFSET). Bytes on the device are decoded here by hand from that layout:
/// magic (le32) at 0, version (le32) at 4, nr_regions (le64) at 8, clean bits (little-endian bit order) at byte 1024.
/// </summary>
public sealed class DiskDirtyLogTests
{
    private const int BitsetOffset = 1024; // LOG_OFFSET (2) << SECTOR_SHIFT

    [Fact]
    public void Resume_NewDevice_ReadsWritesThenFlushes_AndWritesTheHeader()
    {
        var rig = new LogRig();
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024");

        Assert.Equal(0, log.Resume());

        // 10 regions: one long of bitset (8 bytes) after 1024 bytes of header area, 1032 rounded up to 1536 = 3 sectors.
        Assert.Collection(rig.Device.Bios,
            b => Assert.Equal((BioOperation.Read, BioFlags.Sync, 0L, 3L), (b.Operation, b.Flags, b.Sector, b.Sectors)),
            b => Assert.Equal((BioOperation.Write, BioFlags.Sync, 0L, 3L), (b.Operation, b.Flags, b.Sector, b.Sectors)),
            b => Assert.Equal((BioOperation.Write, BioFlags.Sync | BioFlags.Preflush, 0L, 0L), (b.Operation, b.Flags, b.Sector, b.Sectors)));
        byte[] disk = rig.Device.Data.ToArray();
        Assert.Equal("rRiM"u8.ToArray(), disk[0..4]); // 0x4D695272 little-endian
        Assert.Equal(2u, Le32(disk, 4));
        Assert.Equal(10ul, Le64(disk, 8));
        Assert.Equal(new byte[8], disk[BitsetOffset..(BitsetOffset + 8)]); // a new log: every region dirty
        Assert.Equal(0, log.SyncCount);
        Assert.False(log.IsClean(0));
        Assert.False(log.InSync(9));
        Assert.Equal("3 disk log0 A", log.Status);
    }

    [Fact]
    public void Resume_NoSync_WritesEveryRegionClean()
    {
        var rig = new LogRig();
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024", "nosync");

        Assert.Equal(0, log.Resume());

        byte[] disk = rig.Device.Data.ToArray();
        Assert.Equal(new byte[] { 0xFF, 0x03, 0, 0, 0, 0, 0, 0 }, disk[BitsetOffset..(BitsetOffset + 8)]); // bits 0..9
        Assert.Equal(10, log.SyncCount);
        Assert.True(log.InSync(9));
    }

    [Fact]
    public void NewLogOverTheSameDevice_ResumesThePersistedBits()
    {
        var rig = new LogRig();
        using (DiskDirtyLog first = rig.Disk(LogRig.TargetSectors, "1024"))
        {
            first.Resume();
            for (long region = 0; region < 10; region++)
            {
                first.SetRegionSync(region, inSync: true); // recovered
                if (region is not 3 and not 7)
                {
                    first.ClearRegion(region);
                }
            }

            Assert.Equal(0, first.Flush());
        }

        // Bits 0,1,2,4,5,6 (0x77) and 8,9 (0x03) clean; 3 and 7 were being written when the machine "crashed".
        Assert.Equal(new byte[] { 0x77, 0x03 }, rig.Device.Data[BitsetOffset..(BitsetOffset + 2)].ToArray());

        using DiskDirtyLog second = rig.Disk(LogRig.TargetSectors, "1024");
        Assert.Equal(0, second.Resume());

        Assert.Equal(8, second.SyncCount);
        Assert.True(second.IsClean(0));
        Assert.True(second.InSync(0));
        Assert.False(second.IsClean(3));
        Assert.False(second.InSync(7));
        Assert.True(second.TryGetResyncWork(out long a));
        Assert.True(second.TryGetResyncWork(out long b));
        Assert.False(second.TryGetResyncWork(out _));
        Assert.Equal((3L, 7L), (a, b));
    }

    [Fact]
    public void Flush_WritesOnlyWhenTouched_AndFlushesTheDeviceOnlyAfterADirtying()
    {
        var rig = new LogRig();
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024", "nosync");
        log.Resume();
        rig.Device.ClearBios();

        // disk_resume sets and clears bits without resetting the touched flags, so the first flush writes again.
        Assert.Equal(0, log.Flush());
        Assert.Equal(2, rig.Device.Bios.Count);
        rig.Device.ClearBios();
        rig.FlushCallbacks = 0;

        Assert.Equal(0, log.Flush());
        Assert.Empty(rig.Device.Bios); // nothing changed since the last write

        log.MarkRegion(4);
        Assert.Equal(0, log.Flush());
        Assert.Collection(rig.Device.Bios,
            b => Assert.Equal((BioOperation.Write, BioFlags.Sync, 3L), (b.Operation, b.Flags, b.Sectors)),
            b => Assert.Equal((BioOperation.Write, BioFlags.Sync | BioFlags.Preflush, 0L), (b.Operation, b.Flags, b.Sectors)));
        Assert.Equal(0, rig.FlushCallbacks); // only a cleaning waits for the legs' flush
        Assert.Equal(0xEF, rig.Device.Data[BitsetOffset]);

        rig.Device.ClearBios();
        log.ClearRegion(4);
        Assert.Equal(0, log.Flush());
        Assert.Collection(rig.Device.Bios, b => Assert.Equal((BioOperation.Write, BioFlags.Sync, 3L), (b.Operation, b.Flags, b.Sectors)));
        Assert.Equal(1, rig.FlushCallbacks);
        Assert.Equal(0xFF, rig.Device.Data[BitsetOffset]);
    }

    [Fact]
    public void Flush_WhenTheFlushCallbackFails_MarksEveryRegionDirtyForGood()
    {
        var rig = new LogRig();
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024", "nosync");
        log.Resume();
        log.MarkRegion(0);
        log.Flush();
        rig.FlushCallbackResult = -Errno.EIO;

        log.ClearRegion(0);
        Assert.Equal(0, log.Flush()); // the log itself was written

        Assert.True(log.FlushCallbackFailed);
        Assert.Equal(new byte[8], rig.Device.Data[BitsetOffset..(BitsetOffset + 8)].ToArray());
        log.ClearRegion(5);
        Assert.False(log.IsClean(5));
    }

    [Fact]
    public void Resume_WrongMagic_StartsANewLog()
    {
        var rig = new LogRig();
        rig.Device.Data[..16].Fill(0x5A);
        rig.Device.Data[BitsetOffset..(BitsetOffset + 8)].Fill(0xFF);
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024");

        Assert.Equal(0, log.Resume());

        Assert.Equal(0, log.SyncCount);
        Assert.False(log.IsClean(0));
        Assert.Equal("rRiM"u8.ToArray(), rig.Device.Data[0..4].ToArray());
        Assert.Equal(10ul, Le64(rig.Device.Data.ToArray(), 8));
    }

    [Fact]
    public void Resume_WithSyncWord_IgnoresAValidLogOnTheDevice()
    {
        var rig = new LogRig();
        WriteLog(rig.Device, version: 2, regions: 10, bits: [0xFF, 0x03]);
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024", "sync");

        Assert.Equal(0, log.Resume());

        Assert.Equal(0, log.SyncCount);
        Assert.Equal(new byte[] { 0, 0 }, rig.Device.Data[BitsetOffset..(BitsetOffset + 2)].ToArray());
    }

    [Fact]
    public void Resume_DeviceGrew_NewRegionsStartDirty()
    {
        var rig = new LogRig();
        WriteLog(rig.Device, version: 2, regions: 10, bits: [0xFF, 0xFF]); // stale bits past region 9 must not count
        using DiskDirtyLog log = rig.Disk(12 * 1024, "1024");

        Assert.Equal(0, log.Resume());

        Assert.Equal(10, log.SyncCount);
        Assert.False(log.InSync(10));
        Assert.False(log.InSync(11));
        Assert.Equal(12ul, Le64(rig.Device.Data.ToArray(), 8));
    }

    [Fact]
    public void Resume_DeviceShrank_BitsPastTheEndAreCleared()
    {
        var rig = new LogRig();
        WriteLog(rig.Device, version: 2, regions: 10, bits: [0xFF, 0x03]);
        using DiskDirtyLog log = rig.Disk(8 * 1024, "1024");

        Assert.Equal(0, log.Resume());

        Assert.Equal(8, log.SyncCount);
        Assert.Equal(new byte[] { 0xFF, 0x00 }, rig.Device.Data[BitsetOffset..(BitsetOffset + 2)].ToArray());
        Assert.Equal(8ul, Le64(rig.Device.Data.ToArray(), 8));
    }

    [Fact]
    public void Resume_VersionOne_ReadsAsVersionTwo()
    {
        var rig = new LogRig();
        WriteLog(rig.Device, version: 1, regions: 10, bits: [0xFF, 0x03]);
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024");

        Assert.Equal(0, log.Resume());

        Assert.Equal(10, log.SyncCount);
        Assert.Equal(2u, Le32(rig.Device.Data.ToArray(), 4));
        Assert.Equal("3 disk log0 A", log.Status);
    }

    [Fact]
    public void Resume_IncompatibleVersion_FailsTheDevice_AndAssumesEveryRegionDirty()
    {
        // read_header returns -EINVAL; disk_resume then fails the device, takes nr_regions as 0 and rewrites the header
        // it read, version 3 included; the write succeeds, so resume returns 0.
        var rig = new LogRig();
        WriteLog(rig.Device, version: 3, regions: 10, bits: [0xFF, 0x03]);
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, "1024");

        Assert.Equal(0, log.Resume());

        Assert.Equal("3 disk log0 D", log.Status);
        Assert.Equal(0, log.SyncCount);
        Assert.Equal(3u, Le32(rig.Device.Data.ToArray(), 4));
        Assert.Equal(new byte[] { 0, 0 }, rig.Device.Data[BitsetOffset..(BitsetOffset + 2)].ToArray());
    }

    [Theory]
    [InlineData(new[] { "1024" }, "disk 2 log0 1024 ")]
    [InlineData(new[] { "1024", "nosync" }, "disk 3 log0 1024 nosync ")]
    [InlineData(new[] { "512", "sync" }, "disk 3 log0 512 sync ")]
    public void Table_PrintsTypeArgumentCountDeviceRegionSizeAndSyncWord(string[] args, string expected)
    {
        var rig = new LogRig();
        using DiskDirtyLog log = rig.Disk(LogRig.TargetSectors, args);

        Assert.Equal(expected, log.Table);
        Assert.Equal("3 disk log0 A", log.Status);
    }

    private static void WriteLog(RecordingDevice device, uint version, ulong regions, byte[] bits)
    {
        Span<byte> data = device.Data;
        "rRiM"u8.CopyTo(data);
        for (int i = 0; i < 4; i++)
        {
            data[4 + i] = (byte)(version >> (8 * i));
        }

        for (int i = 0; i < 8; i++)
        {
            data[8 + i] = (byte)(regions >> (8 * i));
        }

        bits.CopyTo(data[BitsetOffset..]);
    }

    private static uint Le32(byte[] bytes, int at) =>
        bytes[at] | ((uint)bytes[at + 1] << 8) | ((uint)bytes[at + 2] << 16) | ((uint)bytes[at + 3] << 24);

    private static ulong Le64(byte[] bytes, int at) => Le32(bytes, at) | ((ulong)Le32(bytes, at + 4) << 32);
}
