namespace DmIo.FaultInjection;

/// <summary>One volatile write and what a crash did to it.</summary>
/// <param name="BioId">The id of the bio that wrote it.</param>
/// <param name="Sector">Its first sector.</param>
/// <param name="SectorCount">Its size in sectors.</param>
/// <param name="Fate">Lost, kept or torn.</param>
/// <param name="KeptSectors">How many leading sectors reached stable media: 0 if lost, all if kept, some if torn.</param>
public sealed record CrashedWrite(long BioId, long Sector, long SectorCount, CrashFate Fate, long KeptSectors)
{
    /// <summary>The first sector that did not reach stable media (equals the end when kept).</summary>
    public long FirstLostSector => Sector + KeptSectors;

    /// <summary>How many sectors did not reach stable media.</summary>
    public long LostSectors => SectorCount - KeptSectors;

    /// <inheritdoc />
    public override string ToString() =>
        $"bio {BioId} [{Sector}+{SectorCount}] {Fate.ToString().ToLowerInvariant()}{(Fate == CrashFate.Torn ? $" after {KeptSectors}" : string.Empty)}";
}
