namespace DmIo.FaultInjection;

/// <summary>One random choice as a run made it: what it was for, its range, and the value drawn.</summary>
/// <param name="Purpose">The stable label the fault device gave the choice.</param>
/// <param name="Bound">The exclusive upper bound.</param>
/// <param name="Value">The value drawn, below <paramref name="Bound"/>.</param>
/// <param name="Step">The trace step that holds it, or -1 when the choice was not traced.</param>
public sealed record RecordedChoice(string Purpose, ulong Bound, ulong Value, int Step = -1)
{
    /// <inheritdoc />
    public override string ToString() => $"{Purpose} < {Bound} = {Value}";
}
