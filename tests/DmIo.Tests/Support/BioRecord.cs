namespace DmIo.Tests.Support;

/// <summary>What a test device saw of one bio, captured at submission.</summary>
public sealed record BioRecord(int Index, BioOperation Operation, BioFlags Flags, long Sector, long Sectors, int[] SegmentLengths, ushort Priority)
{
    public long Bytes => Sectors << DmIoConstants.SectorShift;
}
