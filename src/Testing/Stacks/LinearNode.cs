using DmIo.VirtualDevices;

namespace DmIo.Testing;

/// <summary>A linear window onto a lower stack.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Lower">The stack beneath.</param>
/// <param name="Offset">Where the window starts there.</param>
/// <param name="Length">The window's length.</param>
public sealed record LinearNode(string Name, StackNode Lower, long Offset, long Length) : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Length;

    /// <inheritdoc />
    public override int Depth => 1 + Lower.Depth;

    /// <inheritdoc />
    public override bool HasFaults => Lower.HasFaults;

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context) => new LinearDevice(Name, Lower.Build(context), Offset, Length);

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans) => Lower.MapFaults(Offset + sector, count, spans);

    /// <inheritdoc />
    public override bool Supports(BioOperation operation) => Lower.Supports(operation);

    /// <inheritdoc />
    public override string ToString() => $"linear {Name}(+{Offset}, {Length}s) over [{Lower}]";
}
