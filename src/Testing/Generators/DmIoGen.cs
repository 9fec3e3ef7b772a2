using System.Globalization;
using DmIo.FaultInjection;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Testing;

/// <summary>
/// FsCheck generators for DmIo.Sim inputs: queue limits, memory layouts, request flags, fault rules, device stacks
/// (backends, linear and striped mappings, fault and latency wrappers) and whole requests over stacks. Every value
/// they produce is a valid input (a stack builds, a layout allocates, a rule parses); <see cref="DmIoArbitraries"/>
/// pairs them with shrinkers.
/// </summary>
public static class DmIoGen
{
    /// <summary>Queue limits with 512-byte blocks: small and large bios, few and many segments, discard and write-zeroes sometimes unsupported.</summary>
    public static Gen<QueueLimits> Limits { get; } =
        from maxSectors in Gen.Elements(8, 16, 24, 64, 256, 2560)
        from maxSegments in Gen.Elements(1, 2, 3, 8, 128)
        from segmentSize in Gen.Elements(4096, 8192, 65536)
        from discard in Gen.Frequency((1, Gen.Constant(0L)), (3, Gen.Elements(8L, 24L, 1L << 22)))
        from writeZeroes in Gen.Frequency((1, Gen.Constant(0L)), (3, Gen.Elements(8L, 40L, 1L << 22)))
        select new QueueLimits
        {
            MaxSectors = maxSectors,
            MaxSegments = maxSegments,
            MaxSegmentSize = segmentSize,
            MaxDiscardSectors = discard,
            MaxWriteZeroesSectors = writeZeroes,
        };

    /// <summary>A memory layout of any kind: page offset 0 to 7 sectors, one to three bio-vector element sizes of 1 to 8 sectors.</summary>
    public static Gen<MemoryLayout> Layout { get; } =
        from kind in Gen.Elements(MemoryLayout.Kinds)
        from offset in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 7)))
        from pieces in Gen.Choose(1, 3)
        from bvec in Gen.ArrayOf(Gen.Choose(1, 8), pieces)
        select new MemoryLayout(kind, offset, bvec);

    /// <summary>Flags that fit <paramref name="operation"/>, with the occasional PREFLUSH or FUA on a non-write (which dm-io refuses per region).</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The generator.</returns>
    public static Gen<BioFlags> Flags(BioOperation operation) => operation == BioOperation.Write
        ? Gen.Elements(BioFlags.None, BioFlags.Sync, BioFlags.Meta, BioFlags.Preflush, BioFlags.Fua, BioFlags.Preflush | BioFlags.Fua)
        : Gen.Frequency((8, Gen.Elements(BioFlags.None, BioFlags.Meta)), (1, Gen.Elements(BioFlags.Fua, BioFlags.Preflush)));

    /// <summary>
    /// Requests of 1 to 64 regions over 1 to 3 generated stacks of up to 3 levels: mostly writes, some reads (now and
    /// then a multi-region read, which 6.12 refuses), discards and write-zeroes, regions sometimes empty or past the end.
    /// </summary>
    public static Gen<StackRequest> Request { get; } =
        from stackCount in Gen.Choose(1, 3)
        from depth in Gen.Choose(0, 3)
        from stacks in Gen.CollectToArray(Enumerable.Range(0, stackCount).Select(i => Stack($"s{i}", depth)))
        from operation in Gen.Frequency(
            (3, Gen.Constant(BioOperation.Read)), (5, Gen.Constant(BioOperation.Write)),
            (2, Gen.Constant(BioOperation.Discard)), (2, Gen.Constant(BioOperation.WriteZeroes)))
        from flags in Flags(operation)
        from layout in Layout
        from async in Gen.Elements(false, true)
        from regionCount in operation == BioOperation.Read
            ? Gen.Frequency((9, Gen.Constant(1)), (1, Gen.Choose(2, 3)))
            : Gen.Frequency((1, Gen.Constant(1)), (6, Gen.Choose(2, 12)), (1, Gen.Choose(13, 64)))
        from regions in Regions(stacks, regionCount)
        from seed in Gen.Choose(0, int.MaxValue)
        select new StackRequest(stacks, operation, flags, layout, async, regions, (ulong)seed);

    /// <summary>
    /// Regions laid out per stack one after another from a random start, so regions on one stack never overlap (a
    /// fault decision then belongs to exactly one region) and those that run past the end are out of range.
    /// </summary>
    /// <param name="stacks">The stacks the regions name.</param>
    /// <param name="n">How many regions.</param>
    /// <returns>The generator.</returns>
    public static Gen<RegionSpec[]> Regions(StackNode[] stacks, int n) =>
        from owners in Gen.ArrayOf(Gen.Choose(0, stacks.Length - 1), n)
        from counts in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (10, Gen.Choose(1, 48))), n)
        from gaps in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 24))), n)
        from startParts in Gen.ArrayOf(Gen.Frequency((5, Gen.Choose(0, 60)), (1, Gen.Constant(99))), stacks.Length)
        from order in Gen.Shuffle(Enumerable.Range(0, n))
        select Lay(stacks, owners, counts, gaps, startParts, order);

    /// <summary>
    /// One fault rule in <see cref="FaultRuleSyntax"/> text for a device of <paramref name="capacity"/> sectors: a
    /// read or write failure over a sector range, every second write failing, a 50 % timeout, a torn write, a
    /// not-supported discard, a delay, a dropped write, or a first-bio failure.
    /// </summary>
    /// <param name="capacity">The capacity of the device the rule is added to (ranges start inside it).</param>
    /// <param name="name">The rule's name.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> FaultRule(long capacity, string name = "r0") =>
        from template in Gen.Choose(0, 7)
        from start in Gen.Choose(0, 1000)
        from length in Gen.Choose(1, 64)
        select RuleText(template, name, capacity * start / 1000, length);

    /// <summary>A stack of at most <paramref name="depth"/> levels above its backends.</summary>
    /// <param name="name">The top device's name; lower devices extend it.</param>
    /// <param name="depth">How many levels may still be added.</param>
    /// <param name="allowError">Whether the stack may hold fault devices (error backends, flakey, dust, rules).</param>
    /// <returns>The generator.</returns>
    public static Gen<StackNode> Stack(string name, int depth, bool allowError = true)
    {
        Gen<StackNode> leaf = Leaf(name, allowError);
        if (depth <= 0)
        {
            return leaf;
        }

        if (!allowError)
        {
            return Gen.Frequency(
                (2, leaf),
                (2, Linear(name, depth, allowError)),
                (2, Striped(name, depth, allowError)),
                (1, Latency(name, depth, allowError)));
        }

        return Gen.Frequency(
            (2, leaf),
            (2, Linear(name, depth, allowError)),
            (2, Striped(name, depth, allowError)),
            (2, Flakey(name, depth, allowError)),
            (2, Dust(name, depth, allowError)),
            (2, Rules(name, depth, allowError)),
            (1, Latency(name, depth, allowError)));
    }

    /// <summary>A backend.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="allowError">Whether it may be an error target.</param>
    /// <returns>The generator.</returns>
    public static Gen<StackNode> Leaf(string name, bool allowError) =>
        from kind in allowError ? Gen.Frequency((4, Gen.Constant(LeafKind.Memory)), (3, Gen.Constant(LeafKind.Sparse)), (1, Gen.Constant(LeafKind.Error)))
                                : Gen.Elements(LeafKind.Memory, LeafKind.Sparse)
        from pages in Gen.Choose(8, 256)
        from limits in Limits
        select (StackNode)new LeafNode(name, kind, pages * 8L, limits);

    private static Gen<StackNode> Linear(string name, int depth, bool allowError) =>
        from lower in Stack(name + ".l", depth - 1, allowError)
        from window in Window(lower.Capacity)
        select (StackNode)new LinearNode(name, lower, window.Offset, window.Length);

    private static Gen<StackNode> Striped(string name, int depth, bool allowError) =>
        from legCount in Gen.Choose(2, 3)
        from legs in Gen.CollectToArray(Enumerable.Range(0, legCount).Select(i => Stack($"{name}.s{i}", depth - 1, allowError)))
        from chunkWanted in Gen.Elements(4L, 8L, 16L, 64L)
        from offsetFractions in Gen.ArrayOf(Gen.Choose(0, 100), legCount)
        select MakeStriped(name, legs, chunkWanted, offsetFractions);

    private static StackNode MakeStriped(string name, StackNode[] legs, long chunkWanted, int[] offsetFractions)
    {
        long smallest = legs.Min(l => l.Capacity);
        long chunk = Math.Min(chunkWanted, smallest);
        long width = smallest / chunk * chunk;
        return new StripedNode(name, [.. legs.Select((l, i) => (l, (l.Capacity - width) * offsetFractions[i] / 100))], chunk, width);
    }

    private static Gen<StackNode> Flakey(string name, int depth, bool allowError) =>
        from lower in Stack(name + ".f", depth - 1, allowError)
        from window in Window(lower.Capacity)
        from configuration in Gen.Elements(
            new FlakeyConfiguration { UpIntervalSeconds = 0, DownIntervalSeconds = 1 },
            new FlakeyConfiguration { UpIntervalSeconds = 0, DownIntervalSeconds = 1, ErrorReads = true },
            new FlakeyConfiguration { UpIntervalSeconds = 0, DownIntervalSeconds = 1, ErrorWrites = true },
            new FlakeyConfiguration { UpIntervalSeconds = 0, DownIntervalSeconds = 1, DropWrites = true },
            new FlakeyConfiguration { UpIntervalSeconds = 1, DownIntervalSeconds = 0 })
        select (StackNode)new FlakeyNode(name, lower, window.Offset, window.Length, configuration);

    private static Gen<StackNode> Dust(string name, int depth, bool allowError) =>
        from lower in Stack(name + ".d", depth - 1, allowError)
        from window in Window(lower.Capacity)
        from blockWanted in Gen.Elements(512u, 1024u, 4096u)
        let block = window.Length * DmIoConstants.SectorSize >= blockWanted ? blockWanted : 512u
        let sectorsPerBlock = block / DmIoConstants.SectorSize
        let first = window.Offset / sectorsPerBlock
        let last = (window.Offset + window.Length - 1) / sectorsPerBlock
        from picks in Gen.ArrayOf(Gen.Choose(0, 1000), 3)
        from failures in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1))), 3)
        select (StackNode)new DustNode(name, lower, window.Offset, window.Length, block,
            [.. picks.Select((p, i) => (Block: first + ((last - first) * p / 1000), Failures: failures[i])).DistinctBy(b => b.Block)]);

    private static Gen<StackNode> Rules(string name, int depth, bool allowError) =>
        from lower in Stack(name + ".r", depth - 1, allowError)
        from count in Gen.Choose(1, 2)
        from rules in Gen.CollectToArray(Enumerable.Range(0, count).Select(i => FaultRule(lower.Capacity, $"r{i}")))
        select (StackNode)new RuleNode(name, lower, rules);

    private static RegionSpec[] Lay(StackNode[] stacks, int[] owners, int[] counts, int[] gaps, int[] startParts, int[] order)
    {
        long[] cursor = [.. stacks.Select((s, i) => s.Capacity * startParts[i] / 100)];
        var laid = new RegionSpec[owners.Length];
        for (int i = 0; i < owners.Length; i++)
        {
            int s = owners[i];
            long sector = cursor[s] + gaps[i];
            laid[i] = new RegionSpec(s, sector, counts[i]);
            cursor[s] = sector + counts[i];
        }

        return [.. order.Select(i => laid[i])];
    }

    private static string RuleText(int template, string ruleName, long start, long length)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"sectors={start}-{start + length - 1}");
        string name = $"name={ruleName}";
        return template switch
        {
            0 => $"{name} op=read {range} action=fail:ioerr",
            1 => $"{name} op=write every=2 action=fail:medium",
            2 => $"{name} prob=0.5 action=fail:timeout",
            3 => $"{name} op=write action=tear:any:ioerr",
            4 => $"{name} op=discard action=fail:notsupp",
            5 => $"{name} {range} action=delay:50us",
            6 => $"{name} op=write {range} action=drop",
            _ => $"{name} {range} nth=1 action=fail:ioerr",
        };
    }

    private static Gen<StackNode> Latency(string name, int depth, bool allowError) =>
        from lower in Stack(name + ".t", depth - 1, allowError)
        from min in Gen.Choose(0, 20_000)
        from extra in Gen.Choose(0, 200_000)
        select (StackNode)new LatencyNode(name, lower, min, min + extra);

    private static Gen<(long Offset, long Length)> Window(long capacity) =>
        from offsetPart in Gen.Choose(0, 50)
        from lengthPart in Gen.Choose(1, 100)
        let offset = capacity * offsetPart / 100
        select (offset, Math.Max(1, (capacity - offset) * lengthPart / 100));
}
