namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// Sits between the engine and a write cache device and remembers, per sector, the id of the last write bio that
/// covered it, so the crash checker can match a <see cref="CrashReport"/>'s bio ids to the model's writes.
/// Passes every bio through untouched (same bio, same id).
/// </summary>
internal sealed class WriteTap(IBlockDevice lower) : IBlockDevice
{
    private readonly long[] _lastBio = new long[lower.CapacitySectors]; // sector -> id of the last write bio over it

    public string Name => lower.Name;

    public long CapacitySectors => lower.CapacitySectors;

    public QueueLimits Limits => lower.Limits;

    public long LastBioAt(long sector) => _lastBio[sector];

    public void Submit(Bio bio)
    {
        if (bio.Operation == BioOperation.Write)
        {
            for (long s = bio.Sector; s < bio.Sector + bio.SectorCount; s++)
            {
                _lastBio[s] = bio.Id;
            }
        }

        lower.Submit(bio);
    }
}
