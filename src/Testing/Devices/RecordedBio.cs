namespace DmIo.Testing;

/// <summary>What a <see cref="RecordingDevice"/> saw of one bio, captured when it was submitted.</summary>
/// <param name="Index">The bio's position among every bio the device received, from 0.</param>
/// <param name="Operation">The operation.</param>
/// <param name="Flags">The flags (PREFLUSH, FUA, ...), as they reached the device.</param>
/// <param name="Sector">The first sector.</param>
/// <param name="Sectors">How many sectors the bio covers (0 for an empty flush).</param>
/// <param name="SegmentLengths">The byte length of each memory segment, in order (empty for a dataless bio).</param>
/// <param name="Priority">The I/O priority.</param>
/// <param name="Data">For a write, a copy of the bytes it carried; null for every other operation.</param>
public sealed record RecordedBio(int Index, BioOperation Operation, BioFlags Flags, long Sector, long Sectors, IReadOnlyList<int> SegmentLengths,
    ushort Priority, byte[]? Data)
{
    /// <summary>The bio's size in bytes.</summary>
    public long Bytes => Sectors << DmIoConstants.SectorShift;

    /// <inheritdoc />
    public override string ToString() =>
        $"#{Index} {Operation}{(Flags == BioFlags.None ? string.Empty : "|" + Flags)} [{Sector}+{Sectors}] segments=[{string.Join(',', SegmentLengths)}]";
}
