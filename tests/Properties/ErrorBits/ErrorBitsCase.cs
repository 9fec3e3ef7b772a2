namespace DmIo.Properties;

/// <summary>One generated dm-io request over generated stacks, run in one mode; prints as a short script.</summary>
/// <param name="Mode">Simulated or real-thread.</param>
/// <param name="Request">The request and its stacks.</param>
internal sealed record ErrorBitsCase(RunMode Mode, StackRequest Request)
{
    /// <summary>The stacks the regions name.</summary>
    public IReadOnlyList<StackNode> Stacks => Request.Stacks;

    /// <summary>The operation.</summary>
    public BioOperation Operation => Request.Operation;

    /// <summary>The request flags.</summary>
    public BioFlags Flags => Request.Flags;

    /// <summary>The memory layout (ignored for discard and write-zeroes).</summary>
    public MemoryLayout Layout => Request.Layout;

    /// <summary>True for a callback request.</summary>
    public bool Async => Request.Async;

    /// <summary>The regions, in request order.</summary>
    public IReadOnlyList<RegionSpec> Regions => Request.Regions;

    /// <summary>Seeds the payload and the fault devices' choices.</summary>
    public ulong Seed => Request.Seed;

    /// <inheritdoc />
    public override string ToString() => $"{Mode} {Request}";
}
