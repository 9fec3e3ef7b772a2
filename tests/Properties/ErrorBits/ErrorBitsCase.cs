namespace DmIo.Properties;

/// <summary>One generated dm-io request over generated stacks; prints as a short script.</summary>
/// <param name="Mode">Simulated or real-thread.</param>
/// <param name="Stacks">The stacks the regions name.</param>
/// <param name="Operation">The operation.</param>
/// <param name="Flags">The request flags.</param>
/// <param name="Layout">The memory layout (ignored for discard and write-zeroes).</param>
/// <param name="Async">True for a callback request.</param>
/// <param name="Regions">The regions, in request order.</param>
/// <param name="Seed">Seeds the payload and the fault devices' choices.</param>
internal sealed record ErrorBitsCase(RunMode Mode, StackNode[] Stacks, BioOperation Operation, BioFlags Flags, MemoryLayout Layout, bool Async,
    RegionSpec[] Regions, ulong Seed)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Mode} {(Async ? "async" : "sync")} {Operation}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} {Layout} seed={Seed}\n" +
        string.Join('\n', Stacks.Select((s, i) => $"  s{i} = {s}")) +
        $"\n  regions: {string.Join(' ', Regions)}";
}
