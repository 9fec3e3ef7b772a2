using DmIo.Clients.Tests.Support;

namespace DmIo.Clients.Tests.Mirror;

/// <summary>The mirror's table and status text as 6.12's <c>mirror_status</c> prints them, devices by name.</summary>
public sealed class MirrorTextTests
{
    [Theory]
    [InlineData("core 1 8 2 leg0 0 leg1 0", "core 1 8 2 leg0 0 leg1 0")]
    [InlineData("core 2 8 nosync 2 leg0 0 leg1 8", "core 2 8 nosync 2 leg0 0 leg1 8")]
    [InlineData("core 1 8 2 leg0 0 leg1 0 1 handle_errors", "core 1 8 2 leg0 0 leg1 0 1 handle_errors")]
    [InlineData("core 1 8 2 leg0 0 leg1 0 2 keep_log handle_errors", "core 1 8 2 leg0 0 leg1 0 2 handle_errors keep_log")]
    [InlineData("core 1 8 2 leg0 0 leg1 0 0", "core 1 8 2 leg0 0 leg1 0")]
    public void Table_PrintsTheLogLegsAndFeatures_InTheKernelsOrder(string arguments, string table)
    {
        var rig = new MirrorRig(arguments, sectors: 56, legSectors: 64);

        Assert.Equal(table, rig.Mirror.Table);
        Assert.Equal($"0 56 mirror {table}\n", rig.Table.Table);
    }

    [Fact]
    public void Status_OfATableDevice_IsTheMirrorsInfoLine()
    {
        var rig = new MirrorRig("core 2 8 nosync 2 leg0 0 leg1 0");
        rig.Settle();

        Assert.Equal("0 64 mirror 2 leg0 leg1 8/8 1 AA 1 core\n", rig.Table.Status);
    }

    [Fact]
    public void Status_WithADiskLog_EndsWithTheLogDevicesState()
    {
        var logDevice = new DmIo.VirtualDevices.MemoryDevice("logdev", 64);
        var rig = new MirrorRig("disk 2 logdev 8 2 leg0 0 leg1 0", extraDevices: logDevice);
        rig.Settle();

        Assert.Equal("2 leg0 leg1 8/8 1 AA 3 disk logdev A", rig.Status); // disk_status INFO: "3 disk <dev> <A|D|F>"
        Assert.Equal("disk 2 logdev 8 2 leg0 0 leg1 0", rig.Mirror.Table);
    }
}
