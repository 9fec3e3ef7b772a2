using DmIo.FaultInjection;
using DmIo.Simulation.Targets;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Fuzz;

/// <summary>
/// (b) Table lines: the bytes up to a line <c>%%</c> are a device-mapper table, built by
/// <see cref="DeviceTableParser"/> with every target registered (the kernel's, the fault targets, the mirror and the
/// simulation's, as a scenario run registers them) over a catalog of backends (<c>a</c>, <c>b</c>: 1 MiB memory;
/// <c>mem0</c>, <c>mem1</c>: 2 GiB sparse; <c>d0</c>, <c>d1</c>: 2 MiB sparse; <c>z</c>: zero). The lines after
/// <c>%%</c> are I/O in <see cref="IoDriver"/>'s language on the built device <c>t</c> (or the backends); without
/// them a fixed mix runs: writes, reads, flushes, FUA, discard, write-zeroes, across the end, async, after time passes.
/// Invariants: the parser throws only <see cref="TableSyntaxException"/> (or <see cref="ArgumentException"/> on
/// <c>table</c> when there is no line) and then adds nothing; a built device's <c>dmsetup table</c> text builds
/// again into the same text; its table and status can always be printed; and dm-io's completion contract holds.
/// </summary>
public sealed class TableTarget : IFuzzTarget
{
    /// <summary>The separator between the table and the I/O lines.</summary>
    public const string Separator = "%%";

    /// <inheritdoc />
    public string Name => "table";

    /// <inheritdoc />
    public FuzzOutcome Run(byte[] input)
    {
        // The table is passed as written (the parser splits it on \n itself); only the I/O lines are the harness's.
        string[] raw = FuzzText.Decode(input).Split('\n');
        int split = Array.FindIndex(raw, l => l.Trim() == Separator);
        string table = string.Join('\n', split < 0 ? raw : raw[..split]);
        List<string>? io = split < 0 ? null : FuzzText.Lines(string.Join('\n', raw[(split + 1)..]));

        var scheduler = new SimulatedScheduler(1);
        var record = new FaultRecord();
        var choices = new RandomChoiceSource(new DeterministicRandom(1));
        TargetRegistry registry = FaultTargets.CreateRegistry(record, choices);
        ScenarioTargets.Register(registry, record, choices);
        DmIo.Clients.Mirror.MirrorTargets.Register(registry);
        DeviceCatalog catalog = Backends(scheduler);
        var parser = new DeviceTableParser(catalog, registry, scheduler, new DeterministicRandom(1));
        List<string> before = [.. catalog.Names];

        TableDevice device;
        try
        {
            device = parser.Create("t", table);
        }
        catch (Exception e) when (e is TableSyntaxException || (e is ArgumentException { ParamName: "table" } && NoLines(table)))
        {
            if (!catalog.Names.SequenceEqual(before))
            {
                throw new InvariantViolation("refused-table-adds-nothing", $"the catalog went from [{string.Join(',', before)}] to [{string.Join(',', catalog.Names)}]");
            }

            return new FuzzOutcome(0, 1);
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("parser-throws-only-TableSyntaxException", e);
        }

        try
        {
            string text = Print(device, "table-text-printable");
            RoundTrip(parser, text);
            using var driver = new IoDriver(scheduler, name => catalog.TryGet(name, out IBlockDevice? d) ? d : null);
            foreach (string line in io ?? DefaultIo(device.CapacitySectors))
            {
                driver.Run(FuzzText.Words(line));
            }

            driver.Settle();
            _ = Print(device, "table-text-printable");
            return new FuzzOutcome(1, 0);
        }
        finally
        {
            foreach (TableSegment segment in device.Segments)
            {
                (segment.Target as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>The backends table lines may name.</summary>
    /// <param name="scheduler">Their scheduler.</param>
    /// <returns>A catalog holding them.</returns>
    public static DeviceCatalog Backends(SimulatedScheduler scheduler)
    {
        var catalog = new DeviceCatalog();
        catalog.Add(new MemoryDevice("a", 2048, scheduler: scheduler));
        catalog.Add(new MemoryDevice("b", 2048, scheduler: scheduler));
        catalog.Add(new SparseMemoryDevice("mem0", 1L << 22, scheduler: scheduler));
        catalog.Add(new SparseMemoryDevice("mem1", 1L << 22, scheduler: scheduler));
        catalog.Add(new SparseMemoryDevice("d0", 4096, scheduler: scheduler));
        catalog.Add(new SparseMemoryDevice("d1", 4096, scheduler: scheduler));
        catalog.Add(new ZeroDevice("z", 1L << 30, scheduler: scheduler));
        return catalog;
    }

    // `dmsetup table` output is what `dmsetup load` reads back: it must build again and print the same text.
    private static void RoundTrip(DeviceTableParser parser, string text)
    {
        TableDevice again;
        try
        {
            again = parser.Parse("t-again", text);
        }
        catch (Exception e)
        {
            throw new InvariantViolation("table-text-round-trips", $"the printed table does not build again: {e.GetType().Name}: {e.Message.Split('\n')[0]}; text: {text.ReplaceLineEndings("\\n")}", e);
        }

        try
        {
            string second = Print(again, "table-text-printable");
            if (second != text)
            {
                throw new InvariantViolation("table-text-round-trips", $"printed '{text.ReplaceLineEndings("\\n")}', rebuilt it and printed '{second.ReplaceLineEndings("\\n")}'");
            }
        }
        finally
        {
            foreach (TableSegment segment in again.Segments)
            {
                (segment.Target as IDisposable)?.Dispose();
            }
        }
    }

    private static string Print(TableDevice device, string invariant)
    {
        try
        {
            _ = device.Status;
            return device.Table;
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented(invariant, e);
        }
    }

    private static bool NoLines(string table) =>
        table.Split('\n').All(l => l.Trim().Length == 0 || l.Trim()[0] == '#');

    private static IEnumerable<string> DefaultIo(long capacity)
    {
        long last = Math.Max(0, capacity - 8);
        return
        [
            "write t 0 8", "read t 0 8", "fua t 8 8", "preflush t 16 8", "flush t", "discard t 0 16", "zeroes t 16 8",
            $"read t {last} 8", $"write t {last + 4} 8", "async-write t 0 64", "advance 1000", "async-read t 0 64",
            "mirror t a 32 16", "advance 5000", $"async-write t {capacity / 2} 24", "read t 0 16",
        ];
    }
}
