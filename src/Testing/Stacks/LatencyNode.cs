using DmIo.FaultInjection;

namespace DmIo.Testing;

/// <summary>A seeded-latency device over a lower stack; it delays completions but injects no faults.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Lower">The stack beneath.</param>
/// <param name="MinNanoseconds">The smallest latency.</param>
/// <param name="MaxNanoseconds">The largest latency.</param>
public sealed record LatencyNode(string Name, StackNode Lower, long MinNanoseconds, long MaxNanoseconds) : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Lower.Capacity;

    /// <inheritdoc />
    public override int Depth => 1 + Lower.Depth;

    /// <inheritdoc />
    public override bool HasFaults => Lower.HasFaults;

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context) =>
        new LatencyDevice(Name, Lower.Build(context), context.Scheduler, context.Choices,
            LatencyProfile.All(new UniformLatency(MinNanoseconds, MaxNanoseconds)));

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans) => Lower.MapFaults(sector, count, spans);

    /// <inheritdoc />
    public override bool Supports(BioOperation operation) => Lower.Supports(operation);

    /// <inheritdoc />
    public override string ToString() => $"latency {Name}({MinNanoseconds}-{MaxNanoseconds}ns) over [{Lower}]";
}
