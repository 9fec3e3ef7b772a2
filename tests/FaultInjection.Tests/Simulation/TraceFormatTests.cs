using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Simulation;

public sealed class TraceFormatTests
{
    [Fact]
    public void Trace_WritesEachEventKind_WithFieldsInFixedOrder()
    {
        var scheduler = new SimulatedScheduler();
        var trace = new TraceRecorder(scheduler);
        var record = new FaultRecord();
        trace.Attach(record);
        var rules = new RuleFaultDevice("rules0", new MemoryDevice("mem0", 64), scheduler, new RecordingChoiceSource(new ScriptedChoices(1), trace), record);
        rules.Message("add name=r1 op=write prob=0.5 action=fail:ioerr");
        var disk = new TracingDevice("disk0", rules, trace);
        scheduler.AdvanceBy(250);
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.Sync | BioFlags.Fua, 8, new BioEndIoAction(_ => { }));
        bio.Id = 7;
        bio.TryAddSegment(Enumerable.Repeat((byte)0x5A, 512).ToArray());

        BlockLayer.Submit(disk, bio);
        trace.Mark("crash wc0");

        Assert.Equal(
            [
                "{\"step\":0,\"t\":250,\"ev\":\"submit\",\"dev\":\"disk0\",\"bio\":7,\"op\":\"write\",\"flags\":\"sync\",\"sector\":8,\"count\":1,\"data\":\"1f28a58c91c39325\"}",
                "{\"step\":1,\"t\":250,\"ev\":\"choice\",\"purpose\":\"rules0:r1:prob\",\"bound\":1000000000,\"value\":1}",
                "{\"step\":2,\"t\":250,\"ev\":\"fault\",\"dev\":\"rules0\",\"bio\":7,\"op\":\"write\",\"sector\":8,\"count\":1,\"rule\":\"r1\",\"action\":\"fail\",\"status\":\"ioerr\"}",
                "{\"step\":3,\"t\":250,\"ev\":\"complete\",\"dev\":\"disk0\",\"bio\":7,\"op\":\"write\",\"flags\":\"sync\",\"sector\":8,\"count\":1,\"status\":\"ioerr\"}",
                "{\"step\":4,\"t\":250,\"ev\":\"mark\",\"text\":\"crash wc0\"}",
            ],
            trace.Lines);
        Assert.EndsWith("}\n", trace.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_ReadsBackARecordedTrace_WithItsChoicesAndSteps()
    {
        WorkloadResult run = SimulatedWorkload.Run(seed: 42);

        TraceLog log = TraceLog.Load(new StringReader(System.Text.Encoding.UTF8.GetString(run.TraceBytes)));

        Assert.Equal(run.Lines, log.Events.Select(e => e.Line));
        Assert.Equal(run.Lines.Count(l => l.Contains("\"ev\":\"choice\"", StringComparison.Ordinal)), log.Choices.Count);
        Assert.All(log.Choices, c => Assert.Equal(TraceEventKind.Choice, log.Events[c.Step].Kind));
    }

    private const string Good0 = "{\"step\":0,\"t\":0,\"ev\":\"mark\",\"text\":\"a\"}";
    private const string Good1 = "{\"step\":1,\"t\":5,\"ev\":\"choice\",\"purpose\":\"p\",\"bound\":4,\"value\":3}";

    [Theory]
    [InlineData(Good0 + "\n" + Good1, 2, "truncated")]
    [InlineData(Good0 + "\n" + "{\"step\":1,\"t\":5,\"ev\":\"cho", 2, "truncated")]
    [InlineData(Good0 + "\n" + "{\"step\":1,\"t\":5,\"ev\":\"cho\n", 2, "not valid JSON")]
    [InlineData(Good0 + "\n" + "{\"step\":2,\"t\":5,\"ev\":\"mark\",\"text\":\"b\"}\n", 2, "step is 2, expected 1")]
    [InlineData(Good0 + "\n\n", 2, "empty line")]
    [InlineData("[1,2]\n", 1, "not a JSON object")]
    [InlineData(Good0 + "\n" + "{\"step\":1,\"t\":5,\"ev\":\"boom\"}\n", 2, "unknown event kind 'boom'")]
    [InlineData("{\"step\":0,\"t\":0,\"ev\":\"submit\",\"dev\":\"d\",\"bio\":1,\"op\":\"read\",\"sector\":0,\"count\":1}\n", 1, "needs field 'flags'")]
    [InlineData(Good0 + "\n" + "{\"step\":1,\"t\":5,\"ev\":\"choice\",\"purpose\":\"p\",\"bound\":4,\"value\":4}\n", 2, "not below its bound")]
    [InlineData("{\"step\":0,\"t\":-1,\"ev\":\"mark\",\"text\":\"a\"}\n", 1, "negative time")]
    [InlineData("{\"step\":0,\"t\":0,\"ev\":\"mark\",\"text\":3}\n", 1, "field 'text' must be a string")]
    public void Loader_RejectsBadTraces_NamingTheLine(string text, int line, string problem)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceLog.Parse(text));

        Assert.Equal(line, e.LineNumber);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"trace line {line}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_AcceptsEmptyTrace()
    {
        Assert.Empty(TraceLog.Parse(string.Empty).Events);
    }
}
