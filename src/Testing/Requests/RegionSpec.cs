namespace DmIo.Testing;

/// <summary>A region of a generated request: which stack, where, how many sectors.</summary>
/// <param name="Stack">Index of the stack in the case.</param>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The sector count (may run past the stack's end, or be 0).</param>
public readonly record struct RegionSpec(int Stack, long Sector, long Count)
{
    /// <inheritdoc />
    public override string ToString() => $"s{Stack}[{Sector}+{Count}]";
}
