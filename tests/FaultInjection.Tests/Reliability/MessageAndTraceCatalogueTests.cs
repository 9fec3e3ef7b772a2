using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// The fault layer's bad-input catalogue for text: dust messages, rule messages and traces. Each malformed input is
/// rejected with the documented exception naming the field (or line) and the problem, and changes nothing.
/// </summary>
public sealed class MessageAndTraceCatalogueTests
{
    [Theory]
    [InlineData("null", "", "message", "Empty message")]
    [InlineData("truncated", "addbadblock", "blknum", "requires an additional argument")]
    [InlineData("negative", "addbadblock -1", "blknum", "not a block number")]
    [InlineData("overflow", "addbadblock 99999999999999999999", "blknum", "not a block number")]
    [InlineData("out of range", "addbadblock 5000", "blknum", "out of range")]
    [InlineData("out of range", "addbadblock 5 256", "wr_fail_cnt", "out of range")]
    [InlineData("overflow", "addbadblock 5 4294967552", "wr_fail_cnt", "write fail count out of range")] // sscanf %u: 2^32 + 256 reads as 256
    [InlineData("unknown names", "frobnicate", "message", "unrecognized message")]
    [InlineData("unknown names", "queryblock 1 2", "message", "unrecognized message")]
    [InlineData("too many", "addbadblock 1 2 3", "message", "invalid number of arguments")]
    [InlineData("dangling", "removebadblock 9", "blknum", "not found in badblocklist")]
    public void DustMessage_Malformed_IsRejectedNamingTheFieldAndChangesNothing(string inputClass, string message, string field, string problem)
    {
        var dust = new DustDevice("dust1", new MemoryDevice("m", 1024), 0, 1024, 512);
        dust.Message("addbadblock", "3");
        string before = $"{dust.IsEnabled} {dust.BadBlockCount} {dust.Message("listbadblocks")}";

        var ex = Assert.Throws<DeviceMessageException>(() => dust.Message(message.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        Assert.True(ex.Field == field && ex.Problem.Contains(problem, StringComparison.Ordinal), $"{inputClass}: expected {field}/{problem}, got {ex.Field}: {ex.Message}");
        Assert.Equal(before, $"{dust.IsEnabled} {dust.BadBlockCount} {dust.Message("listbadblocks")}");
    }

    [Theory]
    [InlineData("null", "", "command")]
    [InlineData("truncated", "add", "name")]
    [InlineData("truncated", "add name=x", "action")]
    [InlineData("truncated", "add name=x action=misdirect:", "action")]
    [InlineData("truncated", "add name=x action=delay", "action")]
    [InlineData("unknown names", "add name=x action=explode", "action")]
    [InlineData("unknown names", "add name=x action=fail:bogus", "action")]
    [InlineData("unknown names", "add name=x colour=red action=drop", "colour")]
    [InlineData("unknown names", "add name=x op=trim action=drop", "op")]
    [InlineData("negative", "add name=x nth=-1 action=drop", "nth")]
    [InlineData("overflow", "add name=x nth=99999999999999999999 action=drop", "nth")]
    [InlineData("overflow", "add name=x from=9999999999999s action=drop", "from")]
    [InlineData("out of range", "add name=x prob=1.5 action=drop", "prob")]
    [InlineData("out of range", "add name=x sectors=10-5 action=drop", "rule")]
    [InlineData("malformed", "add name=x action=drop action=drop", "action")]
    [InlineData("malformed", "add name=x =drop", "=drop")]
    [InlineData("dangling", "remove nosuch", "name")]
    [InlineData("dangling", "add name=keep action=drop", "name")]
    public void RuleMessage_Malformed_IsRejectedNamingTheFieldAndChangesNothing(string inputClass, string message, string field)
    {
        var rules = new RuleFaultDevice("rules", new MemoryDevice("m", 1024), new SimulatedScheduler(), new RandomChoiceSource(1), new FaultRecord());
        rules.Message("add name=keep op=write action=fail:ioerr");
        string before = rules.Message("list");

        var ex = Assert.Throws<FaultRuleSyntaxException>(() => rules.Message(message));

        Assert.True(ex.Field == field, $"{inputClass}: expected field '{field}', got '{ex.Field}': {ex.Message}");
        Assert.Equal(before, rules.Message("list"));
    }

    [Theory]
    [InlineData("truncated", "drop the final newline", 0)]
    [InlineData("truncated", "drop the last line's second half", 0)]
    [InlineData("malformed", "not JSON", 1)]
    [InlineData("malformed", "a JSON array", 1)]
    [InlineData("out of range", "a step gap", 2)]
    [InlineData("negative", "negative time", 1)]
    [InlineData("unknown names", "unknown event kind", 1)]
    [InlineData("out of range", "choice value not below its bound", 1)]
    [InlineData("null", "an empty line", 2)]
    [InlineData("wrong type", "sector as a string", 1)]
    public void Trace_Malformed_IsRejectedNamingTheLine(string inputClass, string damage, int lineOrZeroForLast)
    {
        string[] lines = MessageAndTraceFuzzTests.RecordedTrace().Split('\n')[..^1];
        string text = damage switch
        {
            "drop the final newline" => string.Join('\n', lines),
            "drop the last line's second half" => string.Join('\n', lines[..^1]) + "\n" + lines[^1][..(lines[^1].Length / 2)],
            "not JSON" => "step 0\n",
            "a JSON array" => "[0,1]\n",
            "a step gap" => lines[0] + "\n" + lines[2] + "\n",
            "negative time" => lines[0].Replace("\"t\":0", "\"t\":-5", StringComparison.Ordinal) + "\n",
            "unknown event kind" => lines[0].Replace("\"submit\"", "\"launch\"", StringComparison.Ordinal) + "\n",
            "choice value not below its bound" => lines[1].Replace("\"step\":1", "\"step\":0", StringComparison.Ordinal)
                .Replace("\"bound\":1000000000", "\"bound\":0", StringComparison.Ordinal) + "\n",
            "an empty line" => lines[0] + "\n\n",
            _ => lines[0].Replace("\"sector\":8", "\"sector\":\"8\"", StringComparison.Ordinal) + "\n",
        };
        int expectedLine = lineOrZeroForLast == 0 ? lines.Length : lineOrZeroForLast;

        var ex = Assert.Throws<TraceFormatException>(() => TraceLog.Parse(text));

        Assert.True(ex.LineNumber == expectedLine, $"{inputClass} ({damage}): expected line {expectedLine}, got {ex.LineNumber}: {ex.Message}");
    }
}
