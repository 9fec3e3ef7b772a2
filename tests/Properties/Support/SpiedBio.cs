namespace DmIo.Properties;

/// <summary>What a <see cref="BioSpyDevice"/> saw of one bio.</summary>
/// <param name="Index">Submission order at the spy, from 0.</param>
/// <param name="Operation">The operation.</param>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The sector count.</param>
/// <param name="SegmentLengths">The byte length of each memory segment.</param>
internal sealed record SpiedBio(int Index, BioOperation Operation, long Sector, long Count, int[] SegmentLengths)
{
    /// <summary>The completion status; null until the bio completes.</summary>
    public BlkStatus? Status { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Operation.ToShortName()}[{Sector}+{Count}] segs=[{string.Join(',', SegmentLengths)}] {Status}";
}
