using Xunit.Abstractions;

namespace DmIo.Tests.Reliability;

/// <summary>
/// The bad-input catalogue for the request entry points: every entry point (unified API sync and async, the Task
/// wrapper, the six legacy calls, over every memory kind they take) against every class of bad request. Each must
/// give its documented outcome and change nothing: no bio reaches a device, contents and pools as before.
/// </summary>
public sealed class RequestCatalogueTests(ResourceLedger ledger, ITestOutputHelper output) : IClassFixture<ResourceLedger>
{
    [Fact]
    public void EveryEntryPoint_WithEveryBadRequest_GivesItsDocumentedOutcomeAndChangesNothing()
    {
        var failures = new List<string>();
        var perEntry = new Dictionary<string, int>();
        foreach (RequestEntryPoint entry in RequestEntryPoint.All)
        {
            foreach (BadRequestShape shape in BadRequestShape.All.Where(s => s.AppliesTo(entry)))
            {
                var world = new EngineWorld(ledger);
                Expected expected = shape.ExpectedFor(entry);
                RequestOutcome actual = entry.Run(world, shape.Op, shape.Flags, shape.BuildMemory(entry.Kind), shape.Regions(world));
                if (expected.Mismatch(actual, entry) is { } mismatch)
                {
                    failures.Add($"{entry} / {shape}: {mismatch}");
                }

                if (world.NothingChanged() is { } changed)
                {
                    failures.Add($"{entry} / {shape}: {changed}");
                }

                perEntry[entry.Name] = perEntry.GetValueOrDefault(entry.Name) + 1;
            }
        }

        output.WriteLine($"request catalogue: {perEntry.Values.Sum()} inputs over {perEntry.Count} entry points");
        foreach ((string name, int count) in perEntry)
        {
            output.WriteLine($"  {name}: {count}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void CatalogueTable_ListsTheOutcomeOfEachClass()
    {
        RequestEntryPoint engine = RequestEntryPoint.All.First(e => e.Kind == DmIoMemoryKind.Vm && !e.Legacy && !e.Async);
        RequestEntryPoint legacy = RequestEntryPoint.All.First(e => e.Legacy && e.Kind == DmIoMemoryKind.Vm && !e.Async);
        output.WriteLine("| class | input | unified API (vm) | legacy SyncVm |");
        output.WriteLine("|---|---|---|---|");
        foreach (BadRequestShape shape in BadRequestShape.All)
        {
            string legacyOutcome = shape.AppliesTo(legacy) ? shape.ExpectedFor(legacy).ToString() : "n/a";
            output.WriteLine($"| {shape.InputClass} | {shape.Description} | {shape.ExpectedFor(engine)} | {legacyOutcome} |");
        }

        Assert.Equal(BadRequestShape.All.Count, BadRequestShape.All.Select(s => s.Description).Distinct().Count());
    }
}
