using DmIo.Tests.Reliability;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;
using Xunit.Abstractions;

namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// Seeded mutation runs over the fault layer's text inputs: dust messages, rule messages, fault-target table lines and
/// traces. Every malformed input is rejected with the documented exception type (and changes nothing), never with
/// anything else, and no input hangs.
/// </summary>
public sealed class MessageAndTraceFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 3000;

    [Fact]
    public void MutatedDustMessages_AreAnsweredOrRejectedWithDeviceMessageException_AndARejectionChangesNothing()
    {
        var dust = new DustDevice("dust1", new MemoryDevice("m", 1024), 0, 1024, 512);
        string State() => $"{dust.IsEnabled} {dust.BadBlockCount} {dust.Status} [{dust.Message("listbadblocks").ReplaceLineEndings(",")}]";
        string? before = null;
        FuzzReport report = MutationFuzzer.Run("DustDevice.Message", [
                "addbadblock 5", "addbadblock 7 3", "removebadblock 5", "queryblock 5", "countbadblocks", "clearbadblocks",
                "listbadblocks", "enable", "disable", "quiet",
            ], Iterations, seed: 11,
            message =>
            {
                before = State();
                dust.Message(message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                return null;
            },
            (e, _) => e is DeviceMessageException && State() == before);
        output.WriteLine(report.ToString());
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
    }

    [Fact]
    public void MutatedRuleMessages_AreAppliedOrRejectedWithFaultRuleSyntaxException_AndARejectionChangesNothing()
    {
        var rules = new RuleFaultDevice("rules", new MemoryDevice("m", 1024), new SimulatedScheduler(), new RandomChoiceSource(1), new FaultRecord());
        string State() => string.Join(";", rules.Rules.Select(r => r.ToString()));
        string? before = null;
        FuzzReport report = MutationFuzzer.Run("RuleFaultDevice.Message", [
                "add name=r1 op=write sectors=0-99 nth=3 action=fail:ioerr",
                "add name=r2 op=read,write flags=fua prob=25% from=1ms until=2s action=delay:5ms",
                "add name=r3 every=2 prob=0.5 action=corrupt:4",
                "add name=r4 sectors=8 action=tear:any:ioerr",
                "add name=r5 op=write action=misdirect:+8",
                "add name=r6 action=misdirect:100",
                "add name=r7 op=discard action=drop",
                "remove r1", "list", "clear",
            ], Iterations, seed: 12,
            message =>
            {
                before = State();
                rules.Message(message);
                return null;
            },
            (e, _) => e is FaultRuleSyntaxException && State() == before);
        output.WriteLine(report.ToString());
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
    }

    [Fact]
    public void MutatedFaultTableLines_AreBuiltOrRejectedWithTableSyntaxException()
    {
        var catalog = new DeviceCatalog();
        catalog.Add(new MemoryDevice("a", 1024));
        catalog.Add(new MemoryDevice("b", 1024));
        var registry = TargetRegistry.CreateDefault();
        FaultTargets.Register(registry, new FaultRecord(), new RandomChoiceSource(3));
        var parser = new DeviceTableParser(catalog, registry, new SimulatedScheduler());
        int built = 0;
        FuzzReport report = MutationFuzzer.Run("DeviceTableParser.Create (fault targets)", [
                "0 512 flakey a 0 1 1", "0 512 flakey a 0 0 5 2 drop_writes corrupt_bio_byte 32 r 1 0", "0 512 flakey a 8 1 1 1 error_reads",
                "0 512 delay a 0 10", "0 512 delay a 0 10 b 0 20", "0 512 delay a 0 10 b 0 20 a 0 5",
                "0 512 dust a 0 512", "0 1024 dust b 0 4096", "0 512 error\n512 512 flakey a 0 3 0",
            ], Iterations, seed: 13,
            table =>
            {
                TableDevice device = parser.Create($"t{built++}", table);
                catalog.Remove(device.Name);
                return null;
            },
            (e, table) => e is TableSyntaxException ||
                          (e is ArgumentException { ParamName: "table" } && table.Split('\n').All(l => l.Trim().Length == 0 || l.Trim()[0] == '#')));
        output.WriteLine(report.ToString());
        Assert.Equal(["a", "b"], catalog.Names);
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
    }

    [Fact]
    public void MutatedTraces_LoadOrFailWithTraceFormatException()
    {
        string valid = RecordedTrace();
        TraceLog parsed = TraceLog.Parse(valid);
        Assert.Single(parsed.Choices);
        Assert.True(parsed.Events.Count >= 4, valid);
        FuzzReport report = MutationFuzzer.Run("TraceLog.Parse", [valid, valid.Split('\n')[0] + "\n"], Iterations, seed: 14,
            trace => TraceLog.Parse(trace).Events.Select((e, i) => e.Step == i ? null : $"event {i} has step {e.Step}").FirstOrDefault(p => p is not null),
            (e, _) => e is TraceFormatException);
        output.WriteLine(report.ToString());
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
    }

    // One line of each kind, recorded by the real recorder rather than written by hand.
    internal static string RecordedTrace()
    {
        var scheduler = new SimulatedScheduler();
        var trace = new TraceRecorder(scheduler);
        var record = new FaultRecord();
        trace.Attach(record);
        var rules = new RuleFaultDevice("rules0", new MemoryDevice("mem0", 64), scheduler, new RecordingChoiceSource(new RandomChoiceSource(1), trace), record);
        rules.Message("add name=r2 op=write prob=0.5 action=fail:ioerr");
        var disk = new TracingDevice("disk0", rules, trace);
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.Fua, 8, new BioEndIoAction(_ => { }));
        bio.TryAddSegment(new byte[512]);
        BlockLayer.Submit(disk, bio);
        trace.Mark("crash wc0");
        return trace.ToText();
    }
}
