using DmIo.VirtualDevices;

namespace DmIo.Testing;

/// <summary>A striped device over two or more lower stacks.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Legs">The legs and their offsets, in stripe order.</param>
/// <param name="Chunk">The chunk size in sectors.</param>
/// <param name="Width">Sectors each leg contributes (a whole number of chunks).</param>
public sealed record StripedNode(string Name, IReadOnlyList<(StackNode Node, long Offset)> Legs, long Chunk, long Width) : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Width * Legs.Count;

    /// <inheritdoc />
    public override int Depth => 1 + Legs.Max(l => l.Node.Depth);

    /// <inheritdoc />
    public override bool HasFaults => Legs.Any(l => l.Node.HasFaults);

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context) =>
        new StripedDevice(Name, [.. Legs.Select(l => new StripeLeg(l.Node.Build(context), l.Offset))], Chunk, Capacity);

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans)
    {
        // Chunk c lives on leg c mod N at leg chunk c / N (dm-stripe's layout), computed here from first principles.
        for (long s = sector, end = sector + count; s < end;)
        {
            long chunk = s / Chunk;
            long within = s % Chunk;
            long n = Math.Min(Chunk - within, end - s);
            (StackNode leg, long offset) = Legs[(int)(chunk % Legs.Count)];
            leg.MapFaults(offset + ((chunk / Legs.Count) * Chunk) + within, n, spans);
            s += n;
        }
    }

    /// <inheritdoc />
    public override bool Supports(BioOperation operation) => Legs.All(l => l.Node.Supports(operation));

    /// <inheritdoc />
    public override string ToString() =>
        $"striped {Name}(chunk={Chunk}, width={Width}) over [{string.Join(" | ", Legs.Select(l => $"+{l.Offset} {l.Node}"))}]";
}
