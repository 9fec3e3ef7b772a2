using System.Globalization;

namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// Parses device-mapper tables as <c>dmsetup create</c> reads them — one <c>&lt;start&gt; &lt;length&gt; &lt;target&gt;
/// &lt;args...&gt;</c> line per segment, lines contiguous from sector 0, blank lines and lines starting with
/// '#' ignored — and builds a <see cref="TableDevice"/>. Device names in arguments are resolved in a
/// <see cref="DeviceCatalog"/>, target types in a <see cref="TargetRegistry"/>. A bad line throws
/// <see cref="TableSyntaxException"/> quoting it and naming the bad field; then nothing is added anywhere and
/// any disposable target already built for the table is disposed.
/// </summary>
public sealed class DeviceTableParser
{
    // The syntax of every table text parsed lately: a sweep builds the same tables for every seed.
    private static readonly ParseMemo<LineSyntax[]> RecentSyntax = new();

    private readonly DeviceCatalog _catalog;      // resolves device names in arguments
    private readonly TargetRegistry _registry;    // resolves target types
    private readonly IIoScheduler _scheduler;     // handed to targets that complete later
    private readonly DeterministicRandom _random; // handed to targets that make random choices

    /// <summary>Creates a parser.</summary>
    /// <param name="catalog">Where device names are looked up (and where <see cref="Create"/> adds the result).</param>
    /// <param name="registry">The target types; <see cref="TargetRegistry.CreateDefault"/> when null.</param>
    /// <param name="scheduler">The scheduler targets complete on; <see cref="RealTimeScheduler.Shared"/> when null.</param>
    /// <param name="random">The seeded random source for targets; seed 0 when null.</param>
    public DeviceTableParser(DeviceCatalog catalog, TargetRegistry? registry = null, IIoScheduler? scheduler = null, DeterministicRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _registry = registry ?? TargetRegistry.CreateDefault();
        _scheduler = scheduler ?? RealTimeScheduler.Shared;
        _random = random ?? new DeterministicRandom(0);
    }

    /// <summary>Parses <paramref name="table"/> into a device named <paramref name="deviceName"/> and adds it to the catalog.</summary>
    /// <param name="deviceName">The new device's name; must not be in the catalog yet.</param>
    /// <param name="table">The table text.</param>
    /// <returns>The device, now also in the catalog.</returns>
    public TableDevice Create(string deviceName, string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceName);
        if (_catalog.Contains(deviceName))
        {
            throw new ArgumentException($"A device named '{deviceName}' is already in the catalog.", nameof(deviceName));
        }

        TableDevice device = Parse(deviceName, table);
        _catalog.Add(device);
        return device;
    }

    /// <summary>Parses <paramref name="table"/> into a device named <paramref name="deviceName"/> without adding it anywhere.</summary>
    /// <param name="deviceName">The new device's name.</param>
    /// <param name="table">The table text: at least one line that is neither blank nor a comment.</param>
    /// <returns>The device.</returns>
    public TableDevice Parse(string deviceName, string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceName);
        ArgumentNullException.ThrowIfNull(table);
        ParsedLine[] lines = ReadLines(table);
        if (lines.Length == 0)
        {
            throw new ArgumentException("The table has no lines (only blank lines and comments).", nameof(table));
        }

        var segments = new List<TableSegment>(lines.Length);
        try
        {
            foreach (ParsedLine line in lines)
            {
                segments.Add(new TableSegment(line.Syntax.Start, line.Syntax.Length, Build(deviceName, line), line.Syntax.Target, line.Syntax.ArgumentText));
            }

            CheckAlignment(lines, segments);
            return new TableDevice(deviceName, segments);
        }
        catch
        {
            foreach (TableSegment segment in segments)
            {
                (segment.Target as IDisposable)?.Dispose(); // nothing survives a failed parse
            }

            throw;
        }
    }

    // First pass: syntax only (numbers, contiguity, known target), so a bad line anywhere fails before any
    // factory runs. A text whose syntax passed once is remembered; only its target types are looked up again, in line
    // order, since this parser's registry may differ from the one that first read it.
    private ParsedLine[] ReadLines(string table)
    {
        LineSyntax[] syntax = RecentSyntax.GetOrParse(table, this, static (text, parser) => parser.ReadSyntax(text));
        var lines = new ParsedLine[syntax.Length];
        for (int i = 0; i < syntax.Length; i++)
        {
            LineSyntax line = syntax[i];
            if (!_registry.TryGet(line.Target, out Func<TargetArguments, IBlockDevice>? factory))
            {
                throw UnknownTarget(line.Number, line.Text, line.Target);
            }

            lines[i] = new ParsedLine(line, factory);
        }

        return lines;
    }

    private LineSyntax[] ReadSyntax(string table)
    {
        var lines = new List<LineSyntax>();
        string[] rawLines = table.Split('\n');
        long next = 0;
        for (int i = 0; i < rawLines.Length; i++)
        {
            string raw = rawLines[i].TrimEnd('\r');
            string trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            int number = i + 1;
            string[] fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            long start = Number(fields, 0, "start", number, raw, min: 0);
            long length = Number(fields, 1, "length", number, raw, min: 1);
            if (fields.Length < 3)
            {
                throw new TableSyntaxException(number, raw, "target", "missing");
            }

            if (start != next)
            {
                string what = start < next ? "overlaps the previous line" : "leaves a gap after the previous line";
                throw new TableSyntaxException(number, raw, "start", $"{start} {what}; expected {next} (lines must be contiguous from sector 0)");
            }

            if (!_registry.TryGet(fields[2], out _))
            {
                throw UnknownTarget(number, raw, fields[2]);
            }

            if (length > (long.MaxValue >> DmIoConstants.SectorShift) - start)
            {
                // The device's size in bytes must fit a long, as every line's own numbers must.
                throw new TableSyntaxException(number, raw, "length", $"{start}+{length} overflows the largest addressable sector ({long.MaxValue >> DmIoConstants.SectorShift})");
            }

            string[] args = fields[3..];
            lines.Add(new LineSyntax(number, raw, start, length, fields[2], args, string.Join(' ', args)));
            next = start + length;
        }

        return [.. lines];
    }

    private TableSyntaxException UnknownTarget(int number, string raw, string target) =>
        new(number, raw, "target", $"unknown target type '{target}' (known: {string.Join(", ", _registry.TargetNames)})");

    private IBlockDevice Build(string deviceName, ParsedLine line)
    {
        LineSyntax syntax = line.Syntax;
        var args = new TargetArguments(deviceName, syntax.Number, syntax.Text, syntax.Start, syntax.Length, syntax.Target, syntax.Args,
            name => _catalog.TryGet(name, out IBlockDevice? device) ? device : null, _scheduler, _random);
        IBlockDevice device;
        try
        {
            device = line.Factory(args);
        }
        catch (ArgumentException e)
        {
            // A factory that let a device constructor reject its arguments still gets a quoted line.
            throw new TableSyntaxException(syntax.Number, syntax.Text, e.ParamName ?? "arguments", e.Message);
        }

        if (device.CapacitySectors != syntax.Length)
        {
            (device as IDisposable)?.Dispose();
            throw new TableSyntaxException(syntax.Number, syntax.Text, "length",
                $"target '{syntax.Target}' built a device of {device.CapacitySectors} sectors, not {syntax.Length}");
        }

        return device;
    }

    // Segment boundaries must fall on the table's logical blocks (the largest of its targets'), as the kernel's
    // dm_table checks, or bios aligned for the table could reach a target misaligned.
    private static void CheckAlignment(ParsedLine[] lines, List<TableSegment> segments)
    {
        int logicalBlockSize = 0;
        foreach (TableSegment segment in segments)
        {
            logicalBlockSize = Math.Max(logicalBlockSize, segment.Target.Limits.LogicalBlockSize);
        }

        foreach (ParsedLine parsed in lines)
        {
            LineSyntax line = parsed.Syntax;
            if (!SectorMath.IsWholeBlocks(line.Start, logicalBlockSize))
            {
                throw new TableSyntaxException(line.Number, line.Text, "start", $"{line.Start} is not aligned to the table's {logicalBlockSize}-byte logical blocks");
            }

            if (!SectorMath.IsWholeBlocks(line.Length, logicalBlockSize))
            {
                throw new TableSyntaxException(line.Number, line.Text, "length", $"{line.Length} is not a whole number of the table's {logicalBlockSize}-byte logical blocks");
            }
        }
    }

    private static long Number(string[] fields, int index, string field, int lineNumber, string line, long min)
    {
        if (index >= fields.Length)
        {
            throw new TableSyntaxException(lineNumber, line, field, "missing");
        }

        if (!long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw new TableSyntaxException(lineNumber, line, field, $"'{fields[index]}' is not a non-negative integer");
        }

        if (value < min || value > long.MaxValue >> DmIoConstants.SectorShift)
        {
            throw new TableSyntaxException(lineNumber, line, field, $"{value} is outside {min}..{long.MaxValue >> DmIoConstants.SectorShift}");
        }

        return value;
    }

    // One line's fields, checked; immutable, so one instance serves every parse of the same text.
    private sealed record LineSyntax(int Number, string Text, long Start, long Length, string Target, string[] Args, string ArgumentText);

    // One line with the factory this parser's registry has for its target.
    private readonly record struct ParsedLine(LineSyntax Syntax, Func<TargetArguments, IBlockDevice> Factory);
}
