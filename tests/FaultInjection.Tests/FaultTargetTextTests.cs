using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// <c>dmsetup table</c> and <c>dmsetup status</c> for the fault targets as 6.12 prints them (flakey_status, delay_status,
/// dust_status, the error target's missing status function), alone and in one multi-line table.
/// </summary>
public sealed class FaultTargetTextTests
{
    private const long Millisecond = 1_000_000;

    private const string Lines = """
        0 1024 flakey mem0 0 10 5
        1024 1024 flakey mem0 1024 10 5 3 drop_writes random_write_corrupt 5
        2048 1024 delay mem0 2048 500
        3072 1024 delay mem0 3072 0 mem1 0 100 mem1 1024 200
        4096 1024 dust mem0 4096 4096
        5120 1024 error
        """;

    private readonly SimulatedScheduler _scheduler = new();
    private readonly DeviceCatalog _catalog = new();

    public FaultTargetTextTests()
    {
        _catalog.Add(new MemoryDevice("mem0", 8192));
        _catalog.Add(new MemoryDevice("mem1", 2048));
    }

    [Fact]
    public void Table_OfEveryFaultTarget_PrintsAs612sDmsetupTable()
    {
        TableDevice device = Parse(Lines);

        Assert.Equal(
            "0 1024 flakey mem0 0 10 5 2 error_reads error_writes\n" +
            "1024 1024 flakey mem0 1024 10 5 3 drop_writes random_write_corrupt 5\n" +
            "2048 1024 delay mem0 2048 500\n" +
            "3072 1024 delay mem0 3072 0 mem1 0 100 mem1 1024 200\n" +
            "4096 1024 dust mem0 4096 4096\n" +
            "5120 1024 error \n",
            device.Table);
    }

    [Fact]
    public void Status_OfEveryFaultTarget_PrintsAs612sDmsetupStatus()
    {
        TableDevice device = Parse(Lines);

        Assert.Equal(
            "0 1024 flakey \n" +
            "1024 1024 flakey \n" +
            "2048 1024 delay 0 0 0\n" +
            "3072 1024 delay 0 0 0\n" +
            "4096 1024 dust mem0 bypass verbose\n" +
            "5120 1024 error \n",
            device.Status);
    }

    [Fact]
    public void Flakey_PrintsNoStatus_EvenWhileDown()
    {
        var flakey = (ITargetText)Segment("0 64 flakey mem0 0 0 1 1 error_reads");

        Assert.Equal(("flakey", ""), (flakey.TargetType, flakey.Status));
    }

    [Fact]
    public void Delay_Status_CountsTheBiosHeldInEachClass()
    {
        TableDevice device = Parse("0 1024 delay mem0 0 100 mem1 0 200");
        var delay = (ITargetText)device.Segments[0].Target;

        TestBio.Read(0, 8).SubmitTo(device);
        TestBio.Read(8, 8).SubmitTo(device);
        TestBio.Write(16, Bytes.Pattern(8)).SubmitTo(device);
        Assert.Equal(("delay", "2 1 0"), (delay.TargetType, delay.Status));
        _scheduler.AdvanceBy(100 * Millisecond);

        Assert.Equal("0 1 0", delay.Status);
    }

    [Fact]
    public void Dust_Status_FollowsItsMessages()
    {
        var dust = (DustDevice)Segment("0 1024 dust mem0 0 512");
        dust.Message("enable");
        dust.Message("quiet");

        Assert.Equal(("dust", "mem0 fail_read_on_bad_block quiet"), (((ITargetText)dust).TargetType, dust.Status));
    }

    private TableDevice Parse(string table) =>
        new DeviceTableParser(_catalog, FaultTargets.CreateRegistry(new FaultRecord(), new RandomChoiceSource(1)), _scheduler).Parse("vol", table);

    private IBlockDevice Segment(string line) => Assert.Single(Parse(line).Segments).Target;
}
