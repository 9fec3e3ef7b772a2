using DmIo.Tests.Support;
using Xunit.Abstractions;

namespace DmIo.Tests.Reliability;

/// <summary>
/// The bad-input catalogue for the entry points that are not requests: pool sizing (legacy Get/Put, client
/// Create/Resize/Dispose), queue limits and block-layer submission. Each bad call throws naming the parameter and the
/// problem, and leaves the pool (size, free objects) exactly as it was.
/// </summary>
public sealed class SetupCatalogueTests(ResourceLedger ledger, ITestOutputHelper output) : IClassFixture<ResourceLedger>
{
    private sealed record Case(string EntryPoint, string InputClass, string Input, Type Exception, string? Param, string Fragment, Action<DmIoLegacy, DmIoClient> Act);

    private static IEnumerable<Case> Cases()
    {
        var limits = QueueLimits.Default;
        yield return new("DmIoLegacy.Get", "negative", "pages -1", typeof(ArgumentOutOfRangeException), "pages", "-1", (l, _) => l.Get(-1));
        yield return new("DmIoLegacy.Get", "out of range", "pages 0", typeof(ArgumentOutOfRangeException), "pages", "0", (l, _) => l.Get(0));
        yield return new("DmIoLegacy.Get", "overflow", "pages int.MaxValue (4 ios each)", typeof(ArgumentOutOfRangeException), "pages", "past MaxIoCapacity 1048576", (l, _) => l.Get(int.MaxValue));
        yield return new("DmIoLegacy.Get", "out of range", "pages 262145 (1 Mi + 4 ios, past the cap alone)", typeof(ArgumentOutOfRangeException), "pages", "past MaxIoCapacity 1048576", (l, _) => l.Get(262_145));
        yield return new("DmIoLegacy.Get", "out of range", "pages 262144 on a pool of 4 ios (gets add up past the cap)", typeof(ArgumentOutOfRangeException), "pages", "would hold 1048580 io objects", (l, _) => l.Get(262_144));
        yield return new("DmIoLegacy.Put", "negative", "pages -1", typeof(ArgumentOutOfRangeException), "pages", "-1", (l, _) => l.Put(-1));
        yield return new("DmIoLegacy.Put", "out of range", "more pages than were taken", typeof(ArgumentOutOfRangeException), "pages", "below zero", (l, _) => l.Put(2));
        yield return new("DmIoLegacy.Put", "out of range", "pages int.MaxValue", typeof(ArgumentOutOfRangeException), "pages", "below zero", (l, _) => l.Put(int.MaxValue));
        yield return new("DmIoLegacy.Put", "dangling", "Put to zero with a request in flight", typeof(InvalidOperationException), null, "in flight", (l, _) => PutWithRequestInFlight(l));
        yield return new("DmIoLegacy (ctor)+Get", "unknown names", "I/O on a module with no pool", typeof(InvalidOperationException), null, "call Get", (_, _) =>
        {
            ulong bits = 0;
            new DmIoLegacy(TestClient.Scheduler).SyncVm([new IoRegion(new ScriptedDevice("d", 8), 0, 1)], BioOperation.Write, new VmBuffer(new byte[512]), ref bits);
        });
        yield return new("DmIoLegacy.AsyncVm", "null", "null notify", typeof(ArgumentNullException), "notify", "Value cannot be null", (l, _) =>
            l.AsyncVm([new IoRegion(new ScriptedDevice("d", 8), 0, 1)], BioOperation.Write, new VmBuffer(new byte[512]), null!, null));
        yield return new("DmIoClient.Create", "negative", "pages -1", typeof(ArgumentOutOfRangeException), "pages", "1..", (_, _) => DmIoClient.Create(-1));
        yield return new("DmIoClient.Create", "out of range", "pages 0", typeof(ArgumentOutOfRangeException), "pages", "1..", (_, _) => DmIoClient.Create(0));
        yield return new("DmIoClient.Create", "overflow", "pages int.MaxValue", typeof(ArgumentOutOfRangeException), "pages", "1..", (_, _) => DmIoClient.Create(int.MaxValue));
        yield return new("DmIoClient.Create", "out of range", "pages 262145 (past the 1 Mi io cap)", typeof(ArgumentOutOfRangeException), "pages", "1..262144", (_, _) => DmIoClient.Create(262_145));
        yield return new("DmIoClient.CreateWithIoCapacity", "out of range", "capacity 0", typeof(ArgumentOutOfRangeException), "ioCapacity", "0", (_, _) => DmIoClient.CreateWithIoCapacity(0));
        yield return new("DmIoClient.CreateWithIoCapacity", "negative", "capacity int.MinValue", typeof(ArgumentOutOfRangeException), "ioCapacity", "-2147483648", (_, _) => DmIoClient.CreateWithIoCapacity(int.MinValue));
        yield return new("DmIoClient.CreateWithIoCapacity", "out of range", "capacity 1048577 (past the cap)", typeof(ArgumentOutOfRangeException), "ioCapacity", "1..1048576", (_, _) => DmIoClient.CreateWithIoCapacity(1_048_577));
        yield return new("DmIoClient.CreateWithIoCapacity", "overflow", "capacity int.MaxValue", typeof(ArgumentOutOfRangeException), "ioCapacity", "1..1048576", (_, _) => DmIoClient.CreateWithIoCapacity(int.MaxValue));
        yield return new("DmIoClient.Resize", "out of range", "pages 0", typeof(ArgumentOutOfRangeException), "pages", "1..", (_, c) => c.Resize(0));
        yield return new("DmIoClient.Resize", "overflow", "pages int.MaxValue / 2", typeof(ArgumentOutOfRangeException), "pages", "1..", (_, c) => c.Resize(int.MaxValue / 2));
        yield return new("DmIoClient.Resize", "out of range", "pages 262145 (past the 1 Mi io cap)", typeof(ArgumentOutOfRangeException), "pages", "1..262144", (_, c) => c.Resize(262_145));
        yield return new("DmIoClient.ResizeIoCapacity", "negative", "capacity -4", typeof(ArgumentOutOfRangeException), "ioCapacity", "-4", (_, c) => c.ResizeIoCapacity(-4));
        yield return new("DmIoClient.ResizeIoCapacity", "out of range", "capacity 1048577 (past the cap)", typeof(ArgumentOutOfRangeException), "ioCapacity", "1..1048576", (_, c) => c.ResizeIoCapacity(1_048_577));
        yield return new("DmIoClient.ResizeIoCapacity", "overflow", "capacity int.MaxValue", typeof(ArgumentOutOfRangeException), "ioCapacity", "1..1048576", (_, c) => c.ResizeIoCapacity(int.MaxValue));
        yield return new("DmIoClient.Dispose", "dangling", "destroy with a request in flight", typeof(InvalidOperationException), null, "in flight", (_, c) => DisposeWithRequestInFlight(c));
        yield return new("DmIoClient.ExecuteAsync", "dangling", "a request on a destroyed client", typeof(ObjectDisposedException), null, "DmIoClient", (_, _) =>
        {
            var gone = DmIoClient.Create(1, TestClient.Scheduler);
            gone.Dispose();
            _ = gone.ExecuteAsync(BioOperation.Write, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(new byte[512])), new[] { new IoRegion(new ScriptedDevice("d", 8), 0, 1) });
        });
        yield return new("DmIoEngine.Execute", "null", "a request with no client", typeof(ArgumentNullException), "request", "names no client", (_, _) =>
            DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Write, Memory = DmIoMemory.FromVm(new VmBuffer(new byte[512])) }, [new IoRegion(new ScriptedDevice("d", 8), 0, 1)]));
        yield return new("QueueLimits.Validate", "misaligned", "logical block 1000", typeof(ArgumentException), "limits", "LogicalBlockSize", (_, _) => (limits with { LogicalBlockSize = 1000 }).Validate());
        yield return new("QueueLimits.Validate", "out of range", "logical block 8192", typeof(ArgumentException), "limits", "LogicalBlockSize", (_, _) => (limits with { LogicalBlockSize = 8192, PhysicalBlockSize = 8192 }).Validate());
        yield return new("QueueLimits.Validate", "out of range", "physical block below logical", typeof(ArgumentException), "limits", "PhysicalBlockSize", (_, _) => (limits with { LogicalBlockSize = 4096 }).Validate());
        yield return new("QueueLimits.Validate", "negative", "max sectors -8", typeof(ArgumentException), "limits", "MaxSectors", (_, _) => (limits with { MaxSectors = -8 }).Validate());
        yield return new("QueueLimits.Validate", "misaligned", "max sectors 9 on 4096-byte blocks", typeof(ArgumentException), "limits", "MaxSectors", (_, _) => (limits with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxSectors = 9 }).Validate());
        yield return new("QueueLimits.Validate", "out of range", "max segments 0", typeof(ArgumentException), "limits", "MaxSegments", (_, _) => (limits with { MaxSegments = 0 }).Validate());
        yield return new("QueueLimits.Validate", "out of range", "segment size below a page", typeof(ArgumentException), "limits", "MaxSegmentSize", (_, _) => (limits with { MaxSegmentSize = 4095 }).Validate());
        yield return new("QueueLimits.Validate", "negative", "max discard -1", typeof(ArgumentException), "limits", "MaxDiscardSectors", (_, _) => (limits with { MaxDiscardSectors = -1 }).Validate());
        yield return new("QueueLimits.Validate", "misaligned", "max write-zeroes 3 on 4096-byte blocks", typeof(ArgumentException), "limits", "MaxWriteZeroesSectors", (_, _) => (limits with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxWriteZeroesSectors = 3 }).Validate());
        yield return new("QueueLimits.Stack", "null", "null top", typeof(ArgumentNullException), "top", "Value cannot be null", (_, _) => QueueLimits.Stack(null!, limits));
        yield return new("QueueLimits.Stack", "null", "null bottom", typeof(ArgumentNullException), "bottom", "Value cannot be null", (_, _) => QueueLimits.Stack(limits, null!));
        yield return new("BlockLayer.Submit", "null", "null device", typeof(ArgumentNullException), "device", "Value cannot be null", (_, _) => BlockLayer.Submit(null!, new Bio()));
        yield return new("BlockLayer.Submit", "null", "null bio", typeof(ArgumentNullException), "bio", "Value cannot be null", (_, _) => BlockLayer.Submit(new ScriptedDevice("d", 8), null!));
        yield return new("PageList", "null", "a node with a null page", typeof(ArgumentNullException), "page", "Value cannot be null", (_, _) => _ = new PageList(null!));
        yield return new("PageList.Allocate", "out of range", "0 pages", typeof(ArgumentOutOfRangeException), "pageCount", "0", (_, _) => PageList.Allocate(0));
    }

    [Fact]
    public void EverySetupEntryPoint_WithBadInput_ThrowsNamingTheProblemAndLeavesThePoolAsItWas()
    {
        var failures = new List<string>();
        var perEntry = new SortedDictionary<string, int>(StringComparer.Ordinal);
        output.WriteLine("| entry point | class | input | throws |");
        output.WriteLine("|---|---|---|---|");
        foreach (Case c in Cases())
        {
            DmIoLegacy legacy = ledger.Track(new DmIoLegacy(TestClient.Scheduler));
            legacy.Get(1);
            DmIoClient client = ledger.Track(TestClient.Create(pages: 2));
            Exception? thrown = Record.Exception(() => c.Act(legacy, client));
            string what = $"{c.EntryPoint} / {c.Input}";
            if (thrown is null || thrown.GetType() != c.Exception)
            {
                failures.Add($"{what}: expected {c.Exception.Name}, got {thrown?.GetType().Name ?? "no exception"}: {thrown?.Message}");
            }
            else if ((thrown as ArgumentException)?.ParamName != c.Param || !thrown.Message.Contains(c.Fragment, StringComparison.Ordinal))
            {
                failures.Add($"{what}: expected param '{c.Param}' and \"{c.Fragment}\" in the message, got '{(thrown as ArgumentException)?.ParamName}': {thrown.Message}");
            }

            if (legacy.IoCapacity != 4 || legacy.Client?.IoCapacity != 4 || legacy.Client.FreeIos != 4 || client.IoCapacity != 8 || client.FreeIos != 8 || client.IsDisposed)
            {
                failures.Add($"{what}: pools changed (legacy size {legacy.IoCapacity}, {legacy.Client?.FreeIos} free; client capacity {client.IoCapacity}, {client.FreeIos} free, disposed {client.IsDisposed})");
            }

            perEntry[c.EntryPoint] = perEntry.GetValueOrDefault(c.EntryPoint) + 1;
            output.WriteLine($"| {c.EntryPoint} | {c.InputClass} | {c.Input} | {c.Exception.Name}{(c.Param is null ? string.Empty : $"({c.Param})")} |");
        }

        output.WriteLine($"setup catalogue: {perEntry.Values.Sum()} inputs over {perEntry.Count} entry points: " +
                         string.Join(", ", perEntry.Select(p => $"{p.Key} {p.Value}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    // Takes the pool to zero while a write sits in a queued device, then lets the write finish so the pool comes back.
    private static void PutWithRequestInFlight(DmIoLegacy legacy)
    {
        var dev = new ScriptedDevice("q", 8) { Queued = true };
        var probe = new CallbackProbe();
        legacy.AsyncVm([new IoRegion(dev, 0, 1)], BioOperation.Write, new VmBuffer(new byte[512]), probe.Notify, null);
        try
        {
            legacy.Put(1);
        }
        finally
        {
            dev.CompleteNext();
        }
    }

    private static void DisposeWithRequestInFlight(DmIoClient client)
    {
        var dev = new ScriptedDevice("q", 8) { Queued = true };
        var probe = new CallbackProbe();
        DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Write, Memory = DmIoMemory.FromVm(new VmBuffer(new byte[512])), Client = client, Notify = probe.Notify }, [new IoRegion(dev, 0, 1)]);
        try
        {
            client.Dispose();
        }
        finally
        {
            dev.CompleteNext();
        }
    }
}
