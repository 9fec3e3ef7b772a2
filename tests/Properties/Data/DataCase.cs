namespace DmIo.Properties;

/// <summary>
/// One data round trip: a payload written through one (memory layout, sync/async, mode) and read back through
/// another, with a second copy of the stack written through a third layout and mode for comparison.
/// </summary>
/// <param name="Stack">A fault-free stack.</param>
/// <param name="Sector">The region's first sector.</param>
/// <param name="Count">The region's sector count.</param>
/// <param name="Writer">How the first stack is written.</param>
/// <param name="Reader">How it is read back.</param>
/// <param name="OtherWriter">How the second copy of the stack is written.</param>
/// <param name="Seed">The payload seed.</param>
internal sealed record DataCase(StackNode Stack, long Sector, long Count, IoStyle Writer, IoStyle Reader, IoStyle OtherWriter, ulong Seed)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"write [{Sector}+{Count}] with {Writer}, read with {Reader}, second copy written with {OtherWriter}, seed={Seed}\n  stack = {Stack}";
}
