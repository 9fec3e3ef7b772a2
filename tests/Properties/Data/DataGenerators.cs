using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>Generators for the data properties.</summary>
internal static class DataGenerators
{
    /// <summary>Any layout, sync or async, either mode.</summary>
    public static Gen<IoStyle> Style { get; } =
        from layout in DmIoGen.Layout
        from async in Gen.Elements(false, true)
        from mode in Gen.Frequency((3, Gen.Constant(RunMode.Simulated)), (1, Gen.Constant(RunMode.RealThread)))
        select new IoStyle(layout, async, mode);

    /// <summary>Round trips over fault-free stacks, regions anywhere inside them.</summary>
    public static Gen<DataCase> Cases { get; } =
        from depth in Gen.Choose(0, 2)
        from stack in DmIoGen.Stack("d", depth, allowError: false)
        from startPart in Gen.Choose(0, 99)
        from countWanted in Gen.Frequency((3, Gen.Choose(1, 40)), (1, Gen.Choose(41, 300)))
        let sector = stack.Capacity * startPart / 100
        let count = Math.Min(countWanted, stack.Capacity - sector)
        from writer in Style
        from reader in Style
        from other in Style
        from seed in Gen.Choose(0, int.MaxValue)
        select new DataCase(stack, sector, count, writer, reader, other, (ulong)seed);
}
