using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// dm-flakey.rst, "Table parameters": <c>&lt;dev path&gt; &lt;offset&gt; &lt;up interval&gt; &lt;down interval&gt;
/// [&lt;num_features&gt; [&lt;feature arguments&gt;]]</c>, with the kernel constructor's validation (flakey_ctr,
/// parse_features) and its error texts.
/// </summary>
public sealed class FlakeyTableTests
{
    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _lower = new("mem0", 64);

    [Theory]
    [InlineData("mem0 0 1", "arguments", "Invalid argument count")]
    [InlineData("mem0 x 1 1", "offset", "Invalid device sector")]
    [InlineData("mem0 0 -1 1", "up_interval", "Invalid up interval")]
    [InlineData("mem0 0 1 +1", "down_interval", "Invalid down interval")]
    [InlineData("mem0 0 1 1x", "down_interval", "Invalid down interval")]
    [InlineData("mem0 0 0 0", "down_interval", "Total (up + down) interval is zero")]
    [InlineData("mem0 0 4294967295 1", "down_interval", "Interval overflow")]
    [InlineData("mem0 0 1 1 12 error_reads drop_writes corrupt_bio_byte 1 r 0 0 random_read_corrupt 1 random_write_corrupt 2 bogus", "num_features", "Invalid number of feature args")]
    [InlineData("mem0 0 1 1 2 drop_writes", "num_features", "Invalid number of feature args")]
    [InlineData("mem0 0 1 1 x", "num_features", "Invalid number of feature args")]
    [InlineData("mem0 0 1 1 2 drop_writes error_writes", "error_writes", "Feature error_writes conflicts with feature drop_writes")]
    [InlineData("mem0 0 1 1 2 error_writes drop_writes", "drop_writes", "Feature drop_writes conflicts with feature error_writes")]
    [InlineData("mem0 0 1 1 2 drop_writes drop_writes", "drop_writes", "Feature drop_writes duplicated")]
    [InlineData("mem0 0 1 1 2 error_writes error_writes", "error_writes", "Feature error_writes duplicated")]
    [InlineData("mem0 0 1 1 2 error_reads error_reads", "error_reads", "Feature error_reads duplicated")]
    [InlineData("mem0 0 1 1 1 bogus", "feature", "Unrecognised flakey feature requested")]
    [InlineData("mem0 0 1 1 1 corrupt_bio_byte", "corrupt_bio_byte", "Feature corrupt_bio_byte requires parameters")]
    [InlineData("mem0 0 1 1 4 corrupt_bio_byte 1 r 0", "flags", "Invalid corrupt bio flags mask")]
    [InlineData("mem0 0 1 1 3 corrupt_bio_byte 1 r", "value", "Invalid corrupt value to write into bio byte (0-255)")]
    [InlineData("mem0 0 1 1 2 corrupt_bio_byte 1", "direction", "Invalid corrupt bio direction (r or w)")]
    [InlineData("mem0 0 1 1 2 corrupt_bio_byte 1 r 0 0", "feature", "Insufficient feature arguments")]
    [InlineData("mem0 0 1 1 2 corrupt_bio_byte 1 r 0 0 error_reads", "feature", "Insufficient feature arguments")]
    [InlineData("mem0 0 1 1 2 corrupt_bio_byte 1 r 0 0 bogus", "feature", "Unrecognised flakey feature requested")]
    [InlineData("mem0 0 1 1 5 corrupt_bio_byte 0 r 0 0", "Nth_byte", "Invalid corrupt bio byte")]
    [InlineData("mem0 0 1 1 5 corrupt_bio_byte 1 x 0 0", "direction", "Invalid corrupt bio direction (r or w)")]
    [InlineData("mem0 0 1 1 5 corrupt_bio_byte 1 r 256 0", "value", "Invalid corrupt value to write into bio byte (0-255)")]
    [InlineData("mem0 0 1 1 5 corrupt_bio_byte 1 r 1 x", "flags", "Invalid corrupt bio flags mask")]
    [InlineData("mem0 0 1 1 6 drop_writes corrupt_bio_byte 1 w 1 0", "drop_writes", "drop_writes is incompatible with corrupt_bio_byte with the WRITE flag set")]
    [InlineData("mem0 0 1 1 6 corrupt_bio_byte 1 W 1 0 error_writes", "error_writes", "error_writes is incompatible with corrupt_bio_byte with the WRITE flag set")]
    [InlineData("mem0 0 1 1 11 corrupt_bio_byte 1 r 0 0 corrupt_bio_byte 1 w 0 0 error_writes", "error_writes", "error_writes is incompatible with corrupt_bio_byte with the WRITE flag set")]
    [InlineData("mem0 0 1 1 2 random_read_corrupt 1000000001", "random_read_corrupt", "Invalid random corrupt argument")]
    [InlineData("mem0 0 1 1 2 random_write_corrupt -1", "random_write_corrupt", "Invalid random corrupt argument")]
    [InlineData("mem0 0 1 1 1 random_read_corrupt", "random_read_corrupt", "Feature random_read_corrupt requires a parameter")]
    [InlineData("mem0 0 1 1 1 random_write_corrupt", "random_write_corrupt", "Feature random_write_corrupt requires a parameter")]
    [InlineData("nosuch 0 1 1", "dev", "Device lookup failed")]
    [InlineData("mem0 1 1 1", "offset", "dm0: mem0 too small for target: start=1, len=64, dev_size=64")]
    public void Flakey_Table_RejectsWhatTheKernelRejects_WithItsExactText(string arguments, string field, string kernelText)
    {
        var error = Assert.Throws<TableSyntaxException>(() => Parse($"0 64 flakey {arguments}"));

        Assert.Equal((field, kernelText), (error.Field, error.KernelMessage));
    }

    [Theory]
    [InlineData("3 error_writes random_write_corrupt 5", "3 error_writes random_write_corrupt 5")]
    [InlineData("3 drop_writes random_write_corrupt 5", "3 drop_writes random_write_corrupt 5")]
    [InlineData("3 error_reads random_read_corrupt 5", "3 error_reads random_read_corrupt 5")]
    [InlineData("6 error_reads corrupt_bio_byte 1 r 1 0", "6 error_reads corrupt_bio_byte 1 r 1 0")]
    [InlineData("6 drop_writes corrupt_bio_byte 1 r 1 0", "6 drop_writes corrupt_bio_byte 1 r 1 0")]
    [InlineData("4 random_write_corrupt 1 random_write_corrupt 2", "2 random_write_corrupt 2")]
    [InlineData("4 random_read_corrupt 5 random_read_corrupt 0", "2 error_reads error_writes")]
    [InlineData("10 corrupt_bio_byte 1 w 0 0 corrupt_bio_byte 2 r 7 0", "5 corrupt_bio_byte 2 r 7 0")]
    [InlineData("11 error_reads drop_writes corrupt_bio_byte 1 r 0 0 random_read_corrupt 1 random_write_corrupt 2",
        "11 error_reads drop_writes corrupt_bio_byte 1 r 0 0 random_read_corrupt 1 random_write_corrupt 2")]
    public void Flakey_Table_AcceptsWhat612Accepts_LaterDuplicatesReplacingEarlierOnes(string features, string printed)
    {
        var flakey = (FlakeyDevice)Parse($"0 32 flakey mem0 0 1 1 {features}");

        Assert.Equal($"mem0 0 1 1 {printed}", flakey.Table);
    }

    [Fact]
    public void Flakey_Table_ReadsIntervalsAs612sSscanfDoes_TruncatingTo32Bits()
    {
        var flakey = (FlakeyDevice)Parse("0 32 flakey mem0 0 4294967297 4294967296");

        Assert.Equal((1u, 0u), (flakey.Configuration.UpIntervalSeconds, flakey.Configuration.DownIntervalSeconds));
    }

    [Fact]
    public void Flakey_Table_ParsesEveryFeatureCaseInsensitively()
    {
        FlakeyConfiguration expected = new()
        {
            UpIntervalSeconds = 30,
            DownIntervalSeconds = 5,
            ErrorWrites = true,
            CorruptBioByte = new FlakeyCorruptBioByte(32, FlakeyDirection.Read, 1, 0),
            RandomReadCorrupt = 7,
        };
        var valid = (FlakeyDevice)Parse("0 32 flakey mem0 16 30 5 8 ERROR_WRITES corrupt_bio_byte 32 R 1 0 random_read_corrupt 7");
        Assert.Equal(expected, valid.Configuration);
        Assert.Equal(32, valid.CapacitySectors);
    }

    [Theory]
    [InlineData("mem0 0 10 5", "mem0 0 10 5 2 error_reads error_writes")]
    [InlineData("mem0 8 10 5 0", "mem0 8 10 5 2 error_reads error_writes")]
    [InlineData("mem0 0 1 2 1 drop_writes", "mem0 0 1 2 1 drop_writes")]
    [InlineData("mem0 0 1 2 5 corrupt_bio_byte 224 w 0 32", "mem0 0 1 2 5 corrupt_bio_byte 224 w 0 32")]
    [InlineData("mem0 0 1 2 4 random_read_corrupt 5 random_write_corrupt 6", "mem0 0 1 2 4 random_read_corrupt 5 random_write_corrupt 6")]
    public void Flakey_Table_PrintsAsTheKernelsTableStatus(string arguments, string table)
    {
        var flakey = (FlakeyDevice)Parse($"0 32 flakey {arguments}");

        Assert.Equal(table, flakey.Table);
    }

    [Fact]
    public void Flakey_Table_IgnoresArgumentsAfterTheFeatureGroupAsTheKernelDoes()
    {
        var flakey = (FlakeyDevice)Parse("0 32 flakey mem0 0 1 1 1 error_reads trailing words");

        Assert.True(flakey.Configuration.ErrorReads);
        Assert.False(flakey.Configuration.FailsWrites);
    }

    [Fact]
    public void Flakey_Table_RandomCorruptOfZeroMeansNoFeatureSoAllIoFails()
    {
        // parse_features sets error_reads and error_writes when no feature took effect.
        var flakey = (FlakeyDevice)Parse("0 32 flakey mem0 0 1 1 2 random_read_corrupt 0");

        Assert.True(flakey.Configuration.ErrorsAllIo);
    }

    [Fact]
    public void Flakey_Constructor_ValidatesLikeTheTable()
    {
        var conflicting = new FlakeyConfiguration { UpIntervalSeconds = 1, DropWrites = true, CorruptBioByte = new FlakeyCorruptBioByte(1, FlakeyDirection.Write, 0, 0) };
        var zero = new FlakeyConfiguration();

        var conflict = Assert.Throws<ArgumentException>(() => new FlakeyDevice("f", _lower, 0, 8, conflicting, _scheduler, new ScriptedChoices()));
        var empty = Assert.Throws<ArgumentException>(() => new FlakeyDevice("f", _lower, 0, 8, zero, _scheduler));
        var noChoices = Assert.Throws<ArgumentNullException>(() => new FlakeyDevice("f", _lower, 0, 8, new FlakeyConfiguration { UpIntervalSeconds = 1, RandomReadCorrupt = 1 }, _scheduler));
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => new FlakeyDevice("f", _lower, 60, 8, new FlakeyConfiguration { UpIntervalSeconds = 1 }, _scheduler));

        Assert.Equal("configuration", conflict.ParamName);
        Assert.Contains("drop_writes is incompatible", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("Total (up + down) interval is zero", empty.Message, StringComparison.Ordinal);
        Assert.Equal("choices", noChoices.ParamName);
        Assert.Equal("offsetSectors", tooLong.ParamName);
    }

    private IBlockDevice Parse(string line) => FlakeyDevice.FromTable(TableLine.Parse(line, _scheduler, _lower), null, new ScriptedChoices());
}
