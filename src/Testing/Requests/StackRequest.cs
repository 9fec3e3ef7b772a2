namespace DmIo.Testing;

/// <summary>
/// One generated dm-io request over generated device stacks, described as data so it prints as a short script and
/// shrinks: build each stack with <see cref="StackNode.Build"/>, turn each <see cref="RegionSpec"/> into an
/// <see cref="IoRegion"/> on the stack it names, allocate the buffer with <see cref="MemoryLayout.Allocate"/>.
/// </summary>
/// <param name="Stacks">The stacks the regions name, by index.</param>
/// <param name="Operation">The operation.</param>
/// <param name="Flags">The request flags.</param>
/// <param name="Layout">The memory layout (unused by discard and write-zeroes).</param>
/// <param name="Async">True for a request with a completion callback.</param>
/// <param name="Regions">The regions, in request order: 1 to 64, never overlapping on one stack, some possibly empty or past the end.</param>
/// <param name="Seed">Seeds the payload and the fault devices' choices.</param>
public sealed record StackRequest(IReadOnlyList<StackNode> Stacks, BioOperation Operation, BioFlags Flags, MemoryLayout Layout, bool Async,
    IReadOnlyList<RegionSpec> Regions, ulong Seed)
{
    /// <summary>Builds every stack in <paramref name="context"/> and returns the request's regions over the built devices.</summary>
    /// <param name="context">Scheduler, fault record and choice source for the devices.</param>
    /// <returns>The regions, in request order, and the top device of each stack.</returns>
    public (IoRegion[] Regions, IBlockDevice[] Devices) Build(StackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IBlockDevice[] devices = [.. Stacks.Select(s => s.Build(context))];
        return ([.. Regions.Select(r => new IoRegion(devices[r.Stack], r.Sector, r.Count))], devices);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Async ? "async" : "sync")} {Operation}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} {Layout} seed={Seed}\n" +
        string.Join('\n', Stacks.Select((s, i) => $"  s{i} = {s}")) +
        $"\n  regions: {string.Join(' ', Regions)}";
}
