using DmIo.Nbd.Exports;
using DmIo.Nbd.Serving;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>Request marks read back as they were written, and texts that are not marks are not read as ones.</summary>
public sealed class NbdRequestMarkTests
{
    [Theory]
    [InlineData(NbdCommand.Read, NbdCommandFlags.None, "nbd read export=a offset=512 length=4096 flags=none")]
    [InlineData(NbdCommand.Write, NbdCommandFlags.Fua, "nbd write export=a offset=512 length=4096 flags=fua")]
    [InlineData(NbdCommand.WriteZeroes, NbdCommandFlags.NoHole | NbdCommandFlags.FastZero, "nbd write_zeroes export=a offset=512 length=4096 flags=no_hole|fast_zero")]
    [InlineData(NbdCommand.Trim, NbdCommandFlags.None, "nbd trim export=a offset=512 length=4096 flags=none")]
    public void A_request_mark_has_its_fixed_text_and_reads_back(NbdCommand command, NbdCommandFlags flags, string text)
    {
        var io = new NbdIo(command, flags, 99, 512, 4096);
        Assert.Equal(text, NbdRequestMark.Request("a", io));
        Assert.True(NbdRequestMark.TryParseRequest(text, out string export, out NbdIo back));
        Assert.Equal("a", export);
        Assert.Equal(io with { Cookie = 0 }, back);
    }

    [Theory]
    [InlineData("nbd serve a=d0")]
    [InlineData("nbd read export=a offset=-1 length=1 flags=none")]
    [InlineData("nbd read export=a offset=1 length=1 flags=bogus")]
    [InlineData("nbd cache export=a offset=1 length=1 flags=none")]
    [InlineData("nbd read export= offset=1 length=1 flags=none")]
    [InlineData("nbd read export=a length=1 offset=1 flags=none")]
    public void Other_texts_are_not_request_marks(string text) => Assert.False(NbdRequestMark.TryParseRequest(text, out _, out _));

    [Theory]
    [InlineData("disk", "--export 'disk': expected NAME=DEVICE")]
    [InlineData("=d0", "expected NAME=DEVICE")]
    [InlineData("a b=d0", "may only have letters")]
    public void Bad_export_options_name_what_is_wrong(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<FormatException>(() => NbdExportSpec.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Exports_must_name_declared_devices_once_each()
    {
        string[] devices = ["d0", "d1"];
        Assert.Contains("no device 'd9' (devices: d0, d1)", Assert.Throws<FormatException>(() => NbdExportSpec.Check([new("a", "d9")], devices)).Message, StringComparison.Ordinal);
        Assert.Contains("given twice", Assert.Throws<FormatException>(() => NbdExportSpec.Check([new("a", "d0"), new("a", "d1")], devices)).Message, StringComparison.Ordinal);
        NbdExportSpec.Check([new("a", "d0"), new("b", "d0")], devices);
    }
}
