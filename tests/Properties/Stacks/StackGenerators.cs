using System.Globalization;
using DmIo.FaultInjection;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>FsCheck generators for device stacks: backends, linear and striped mappings, fault and latency wrappers.</summary>
internal static class StackGenerators
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
        from templates in Gen.ArrayOf(Gen.Choose(0, 7), count)
        from starts in Gen.ArrayOf(Gen.Choose(0, 1000), count)
        from lengths in Gen.ArrayOf(Gen.Choose(1, 64), count)
        select (StackNode)new RuleNode(name, lower,
            [.. templates.Select((t, i) => RuleText(t, i, lower.Capacity * starts[i] / 1000, lengths[i]))]);

    private static string RuleText(int template, int index, long start, long length)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"sectors={start}-{start + length - 1}");
        string name = $"name=r{index}";
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
