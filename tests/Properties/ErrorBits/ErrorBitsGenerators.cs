using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>Generators for <see cref="ErrorBitsCase"/>: requests of 1 to 64 regions over 1 to 3 generated stacks.</summary>
internal static class ErrorBitsGenerators
{
    /// <summary>A memory layout of any kind.</summary>
    public static Gen<MemoryLayout> Layout { get; } =
        from kind in Gen.Elements(MemoryLayout.Kinds)
        from offset in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 7)))
        from pieces in Gen.Choose(1, 3)
        from bvec in Gen.ArrayOf(Gen.Choose(1, 8), pieces)
        select new MemoryLayout(kind, offset, bvec);

    /// <summary>Flags that fit an operation, with the occasional PREFLUSH/FUA on a non-write.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The generator.</returns>
    public static Gen<BioFlags> Flags(BioOperation operation) => operation == BioOperation.Write
        ? Gen.Elements(BioFlags.None, BioFlags.Sync, BioFlags.Meta, BioFlags.Preflush, BioFlags.Fua, BioFlags.Preflush | BioFlags.Fua)
        : Gen.Frequency((8, Gen.Elements(BioFlags.None, BioFlags.Meta)), (1, Gen.Elements(BioFlags.Fua, BioFlags.Preflush)));

    /// <summary>Cases in <paramref name="modes"/>.</summary>
    /// <param name="modes">The modes to draw from.</param>
    /// <returns>The generator.</returns>
    public static Gen<ErrorBitsCase> Cases(params RunMode[] modes) =>
        from mode in Gen.Elements(modes)
        from stackCount in Gen.Choose(1, 3)
        from depth in Gen.Choose(0, 3)
        from stacks in Gen.CollectToArray(Enumerable.Range(0, stackCount).Select(i => StackGenerators.Stack($"s{i}", depth)))
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
        select new ErrorBitsCase(mode, stacks, operation, flags, layout, async, regions, (ulong)seed);

    /// <summary>
    /// Regions laid out per stack one after another from a random start, so regions on one stack never overlap (a
    /// fault decision then belongs to exactly one region) and those that run past the end are out of range.
    /// </summary>
    /// <param name="stacks">The stacks.</param>
    /// <param name="n">How many regions.</param>
    /// <returns>The generator.</returns>
    public static Gen<RegionSpec[]> Regions(StackNode[] stacks, int n) =>
        from owners in Gen.ArrayOf(Gen.Choose(0, stacks.Length - 1), n)
        from counts in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (10, Gen.Choose(1, 48))), n)
        from gaps in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 24))), n)
        from startParts in Gen.ArrayOf(Gen.Frequency((5, Gen.Choose(0, 60)), (1, Gen.Constant(99))), stacks.Length)
        from order in Gen.Shuffle(Enumerable.Range(0, n))
        select Lay(stacks, owners, counts, gaps, startParts, order);

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
}
