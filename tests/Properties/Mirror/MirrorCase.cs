using DmIo.Clients.Mirror;

namespace DmIo.Properties.Mirror;

/// <summary>One generated case: the mirror's shape and the fault sequence run against it.</summary>
/// <param name="Legs">How many legs (2 to 4).</param>
/// <param name="Features">The table line's features.</param>
/// <param name="Operations">The steps, in order.</param>
internal sealed record MirrorCase(int Legs, MirrorFeatures Features, IReadOnlyList<MirrorOperation> Operations)
{
    /// <inheritdoc />
    public override string ToString() => $"{Legs} legs, {Features}: {string.Join("; ", Operations)}";
}
