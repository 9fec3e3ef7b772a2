namespace DmIo.Properties;

/// <summary>A traced simulated run: stacks with faults and latency, and a script of requests.</summary>
/// <param name="Stacks">The stacks.</param>
/// <param name="Requests">The requests, submitted in order.</param>
/// <param name="Seed">Seeds the scheduler and the choice source.</param>
internal sealed record TracedCase(StackNode[] Stacks, TracedRequest[] Requests, ulong Seed)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"seed={Seed}\n{string.Join('\n', Stacks.Select((s, i) => $"  s{i} = {s}"))}\n  {string.Join("; ", Requests)}";
}
