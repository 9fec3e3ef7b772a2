namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// Stands beneath a fault device and remembers every bio that reaches it (operation, sector, count) before passing
/// it on unchanged, so a test can show that nothing landed outside the fault device's window.
/// </summary>
internal sealed class LowerSpy(IBlockDevice lower) : IBlockDevice
{
    private readonly List<(BioOperation Operation, long Sector, long Count)> _seen = [];

    public string Name => lower.Name;

    public long CapacitySectors => lower.CapacitySectors;

    public QueueLimits Limits => lower.Limits;

    /// <summary>The bios received so far, in order.</summary>
    public IReadOnlyList<(BioOperation Operation, long Sector, long Count)> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public void Submit(Bio bio)
    {
        lock (_seen)
        {
            _seen.Add((bio.Operation, bio.Sector, bio.SectorCount));
        }

        lower.Submit(bio);
    }
}
